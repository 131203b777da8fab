import { afterEach, describe, expect, it } from "vitest";
import { afterForeground, foregroundActive, foregroundEnded, foregroundStarted } from "./foreground";

describe("background work yields to page requests", () => {
  afterEach(() => {
    while (foregroundActive() > 0) foregroundEnded();
  });

  it("goes on at once when no page request is being answered", async () => {
    const t0 = performance.now();
    await afterForeground(1_000);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it("waits until the last page request ends", async () => {
    foregroundStarted();
    foregroundStarted();
    let resumed = false;
    const waiting = afterForeground(5_000).then(() => (resumed = true));
    foregroundEnded();
    await new Promise((r) => setTimeout(r, 20));
    expect(resumed).toBe(false); // one still in flight
    foregroundEnded();
    await waiting;
    expect(resumed).toBe(true);
  });

  it("waits no longer than its cap under constant traffic", async () => {
    foregroundStarted();
    const t0 = performance.now();
    await afterForeground(50);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1_000);
  });
});

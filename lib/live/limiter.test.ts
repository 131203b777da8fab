import { describe, expect, it } from "vitest";
import { Limiter } from "./limiter";

describe("Limiter", () => {
  it("never runs more than max tasks at once and runs them all", async () => {
    const l = new Limiter(3);
    let now = 0;
    let peak = 0;
    const task = async (i: number) => {
      now++;
      peak = Math.max(peak, now);
      await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      now--;
      return i;
    };
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => l.run(() => task(i))));
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(l.running).toBe(0);
  });
});

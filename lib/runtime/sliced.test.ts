import { describe, expect, it } from "vitest";
import { drain, sliced } from "./sliced";

function* work(n: number, msEach: number): Generator<void, number> {
  let done = 0;
  for (let i = 0; i < n; i++) {
    const until = performance.now() + msEach;
    while (performance.now() < until) {
      /* busy: a step of real work */
    }
    done++;
    yield;
  }
  return done;
}

describe("running classification steps", () => {
  it("drain runs every step at once", () => {
    expect(drain(work(3, 0))).toBe(3);
  });

  it("sliced gives other work a turn between slices and counts only its own time", async () => {
    let others = 0;
    const ticker = setInterval(() => others++, 0);
    const r = await sliced(work(20, 2), undefined, 5);
    clearInterval(ticker);
    expect(r.value).toBe(20);
    expect(r.slices).toBeGreaterThanOrEqual(5);
    expect(others).toBeGreaterThan(0);
    expect(r.busyMs).toBeGreaterThanOrEqual(40);
  });

  it("steps aside between slices for as long as `pause` says", async () => {
    let pauses = 0;
    const r = await sliced(work(10, 2), async () => {
      pauses++;
      await new Promise((res) => setTimeout(res, 5));
    }, 3);
    expect(r.value).toBe(10);
    expect(pauses).toBe(r.slices - 1);
  });
});

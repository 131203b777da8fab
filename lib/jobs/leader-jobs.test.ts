import { afterEach, describe, expect, it, vi } from "vitest";
import { jobRuns, registerLeaderJob, setLeading } from "./leader-jobs";

describe("leader jobs", () => {
  afterEach(() => {
    setLeading(false);
    vi.useRealTimers();
  });

  it("run only while leading, once on take-over and then on their interval", async () => {
    vi.useFakeTimers();
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    let runs = 0;
    registerLeaderJob({ name: "t1", everyMs: 1000, run: () => void runs++ });
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(0);
    setLeading(true);
    await vi.advanceTimersByTimeAsync(2500);
    expect(runs).toBe(3);
    setLeading(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(3);
    expect(jobRuns().t1).toBe(3);
  });

  it("keeps running other jobs when one throws", async () => {
    vi.useFakeTimers();
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let ok = 0;
    registerLeaderJob({ name: "bad", everyMs: 1000, run: () => Promise.reject(new Error("boom")) });
    registerLeaderJob({ name: "good", everyMs: 1000, run: () => void ok++ });
    setLeading(true);
    await vi.advanceTimersByTimeAsync(1500);
    expect(ok).toBe(2);
    expect(err.mock.calls.some(([l]) => String(l).includes('"job":"bad"') && String(l).includes('"error":"boom"'))).toBe(true);
  });
});

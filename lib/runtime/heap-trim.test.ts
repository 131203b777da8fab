import { describe, expect, it } from "vitest";
import { shouldTrim } from "./heap-trim";

const MiB = 2 ** 20;

describe("shouldTrim", () => {
  const s = { lastActivity: 10_000, live: 150 * MiB, committed: 180 * MiB };

  it("collects only when quiet and the heap holds much garbage", () => {
    expect(shouldTrim(s, { heapUsed: 400 * MiB, heapTotal: 420 * MiB }, 12_500)).toBe(true);
    expect(shouldTrim(s, { heapUsed: 400 * MiB, heapTotal: 420 * MiB }, 11_000)).toBe(false); // a request 1 s ago
  });

  it("gives back committed pages a plain collection kept, even with little garbage", () => {
    expect(shouldTrim(s, { heapUsed: 170 * MiB, heapTotal: 356 * MiB }, 20_000)).toBe(true);
  });

  it("leaves a heap alone that is near what the last trim left", () => {
    expect(shouldTrim(s, { heapUsed: 160 * MiB, heapTotal: 190 * MiB }, 20_000)).toBe(false);
  });
});

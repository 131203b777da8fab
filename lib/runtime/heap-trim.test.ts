import { describe, expect, it } from "vitest";
import { shouldTrim } from "./heap-trim";

const MiB = 2 ** 20;

describe("shouldTrim", () => {
  it("collects only when quiet and the heap grew well past the last live size", () => {
    const s = { lastActivity: 10_000, live: 150 * MiB };
    expect(shouldTrim(s, 400 * MiB, 12_500)).toBe(true);
    expect(shouldTrim(s, 400 * MiB, 11_000)).toBe(false); // a request 1 s ago
    expect(shouldTrim(s, 200 * MiB, 20_000)).toBe(false); // little garbage: not worth a pause
  });
});

import { describe, expect, it } from "vitest";
import { changedClaims, sameFigures, shownFigure, usageNotices } from "./changes";
import type { VolumeUsage } from "./types";

const MiB = 2 ** 20;
const u = (used: number, extra: Partial<VolumeUsage> = {}): VolumeUsage => ({ usedBytes: used, capacityBytes: 1024 * MiB, availableBytes: 1024 * MiB - used, at: 1, ...extra });

describe("usage changes for open pages", () => {
  it("ignores a refresh that keeps every shown figure, and the time it was measured", () => {
    expect(shownFigure(u(500 * MiB))).toBe(shownFigure(u(500 * MiB + 4096, { at: 2 })));
    expect(changedClaims(new Map([["a/x", u(500 * MiB)]]), new Map([["a/x", u(500 * MiB + 4096, { at: 2 })]]))).toEqual([]);
  });

  it("reports claims whose figure, level or inodes changed, and claims that appeared or went", () => {
    const prev = new Map([
      ["a/grew", u(800 * MiB)],
      ["a/same", u(1 * MiB)],
      ["a/gone", u(1 * MiB)],
      ["a/inodes", u(1 * MiB, { inodes: 100, inodesUsed: 10 })],
    ]);
    const next = new Map([
      ["a/grew", u(930 * MiB)],
      ["a/same", u(1 * MiB)],
      ["b/new", u(0)],
      ["a/inodes", u(1 * MiB, { inodes: 100, inodesUsed: 95 })],
    ]);
    expect(changedClaims(prev, next).sort()).toEqual(["a/gone", "a/grew", "a/inodes", "b/new"]);
  });

  it("sends one notice per claim, or one per namespace for a burst", () => {
    expect(usageNotices(["a/x", "b/y/z"])).toEqual([{ namespace: "a", name: "x" }, { namespace: "b", name: "y/z" }]);
    const burst = Array.from({ length: 300 }, (_, i) => `${i % 2 ? "a" : "b"}/c${i}`);
    expect(usageNotices(burst, 200)).toEqual([{ namespace: "b", name: "" }, { namespace: "a", name: "" }]);
  });

  it("sameFigures compares exact bytes, inodes and window, ignoring when each was measured", () => {
    const a = new Map([["a/x", u(500 * MiB)]]);
    expect(sameFigures(a, new Map([["a/x", u(500 * MiB, { at: 9 })]]))).toBe(true);
    expect(sameFigures(a, new Map([["a/x", u(500 * MiB + 1)]]))).toBe(false);
    expect(sameFigures(a, new Map([["a/x", u(500 * MiB, { inodesUsed: 3 })]]))).toBe(false);
    expect(sameFigures(a, new Map([["a/y", u(500 * MiB)]]))).toBe(false);
    expect(sameFigures(a, new Map())).toBe(false);
  });

  it("sameFigures compares windows as shown: a window growing by a refresh interval is the same until its words change", () => {
    const w = (ms: number | undefined) => new Map([["a/x", u(500 * MiB, { maxUsedBytes: 500 * MiB, windowMs: ms })]]);
    const min = 60_000;
    expect(sameFigures(w(10 * min), w(10 * min + 20_000))).toBe(true); // "10 minutes" both
    expect(sameFigures(w(10 * min), w(11 * min))).toBe(false);
    expect(sameFigures(w(30 * 3_600_000), w(30 * 3_600_000 + 25 * min))).toBe(true); // "30 hours"
    expect(sameFigures(w(30 * 3_600_000), w(31 * 3_600_000))).toBe(false);
    expect(sameFigures(w(10 * min), w(undefined))).toBe(false);
    expect(sameFigures(w(undefined), w(undefined))).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { humanBytes, humanDuration, humanPercent } from "./format";
import { inodePercent, levelOf, unknownText, usageLevel, usedPercent } from "./level";
import { bucketPercent, usageTotals } from "./totals";
import type { VolumeUsage } from "./types";

const GiB = 2 ** 30;
const u = (used: number, capacity: number, extra: Partial<VolumeUsage> = {}): VolumeUsage => ({ usedBytes: used, capacityBytes: capacity, availableBytes: capacity - used, at: 1, ...extra });

describe("usage levels", () => {
  it("warns at 80 % and is critical at 90 %", () => {
    expect(levelOf(79.9)).toBe("ok");
    expect(levelOf(80)).toBe("warning");
    expect(levelOf(89.99)).toBe("warning");
    expect(levelOf(90)).toBe("critical");
    expect(levelOf(undefined)).toBe("ok");
  });
  it("percent of capacity; none without a capacity", () => {
    expect(usedPercent(u(8 * GiB, 10 * GiB))).toBeCloseTo(80);
    expect(usedPercent(u(1, 0))).toBeUndefined();
  });
  it("inodes raise the level even when bytes are fine", () => {
    const full = u(1 * GiB, 10 * GiB, { inodes: 100, inodesUsed: 95 });
    expect(inodePercent(full)).toBe(95);
    expect(usageLevel(full)).toBe("critical");
    expect(usageLevel(u(8.5 * GiB, 10 * GiB, { inodes: 100, inodesUsed: 1 }))).toBe("warning");
  });
  it("says why a figure is unknown in plain words", () => {
    expect(unknownText("not-mounted")).toBe("Usage unknown: not mounted anywhere, so nothing measures it");
    expect(unknownText("no-stats")).toMatch(/driver reports no usage/);
    expect(unknownText("no-source")).toMatch(/no usage source/);
    expect(unknownText("not-collected")).toMatch(/not measured yet/);
  });
});

describe("human figures", () => {
  it("bytes in binary units", () => {
    expect(humanBytes(0)).toBe("0 B");
    expect(humanBytes(10)).toBe("10 B");
    expect(humanBytes(4096)).toBe("4 KiB");
    expect(humanBytes(1.5 * GiB)).toBe("1.5 GiB");
    expect(humanBytes(12.34 * GiB)).toBe("12.3 GiB");
    expect(humanBytes(300 * GiB)).toBe("300 GiB");
    expect(humanBytes(undefined)).toBe("—");
  });
  it("a nearly empty volume is not 0 %", () => {
    expect(humanPercent(0.04)).toBe("< 0.1 %");
    expect(humanPercent(0.4)).toBe("0.4 %");
    expect(humanPercent(83.4)).toBe("83 %");
    expect(humanPercent(undefined)).toBe("—");
  });
  it("durations", () => {
    expect(humanDuration(7 * 86_400_000)).toBe("7 days");
    expect(humanDuration(36 * 3_600_000)).toBe("36 hours");
    expect(humanDuration(20 * 60_000)).toBe("20 minutes");
  });
});

describe("requested vs used totals", () => {
  it("sums per class and namespace; used compares only with measured claims", () => {
    const t = usageTotals([
      { namespace: "a", storageClass: "fast", requestedBytes: 10 * GiB, usage: u(5 * GiB, 10 * GiB) },
      { namespace: "a", storageClass: "slow", requestedBytes: 100 * GiB },
      { namespace: "b", storageClass: "fast", requestedBytes: 10 * GiB, usage: u(1 * GiB, 10 * GiB) },
    ]);
    expect(t.all).toMatchObject({ claims: 3, requestedBytes: 120 * GiB, measured: 2, usedBytes: 6 * GiB });
    expect(t.byClass.map((b) => b.key)).toEqual(["slow", "fast"]);
    const fast = t.byClass[1]!;
    expect(fast).toMatchObject({ claims: 2, requestedBytes: 20 * GiB, measuredRequestedBytes: 20 * GiB, usedBytes: 6 * GiB });
    expect(bucketPercent(fast)).toBeCloseTo(30);
    expect(bucketPercent(t.byClass[0]!)).toBeUndefined();
    expect(t.byNamespace.find((b) => b.key === "a")).toMatchObject({ claims: 2, measured: 1, requestedBytes: 110 * GiB });
  });
});

describe("usage filters and sort", async () => {
  const { matchesUsage, parseUsageFilter, usageSortKey } = await import("./filter");
  it("filters by level, low use and unknown", () => {
    const full = u(9.5 * GiB, 10 * GiB);
    const warm = u(8.2 * GiB, 10 * GiB);
    const low = u(0.5 * GiB, 10 * GiB);
    expect([full, warm, low, undefined].map((x) => matchesUsage(x, "critical"))).toEqual([true, false, false, false]);
    expect([full, warm, low, undefined].map((x) => matchesUsage(x, "warning"))).toEqual([true, true, false, false]);
    expect([full, warm, low, undefined].map((x) => matchesUsage(x, "low"))).toEqual([false, false, true, false]);
    expect([full, warm, low, undefined].map((x) => matchesUsage(x, "unknown"))).toEqual([false, false, false, true]);
    expect(usageSortKey(warm)).toBeCloseTo(82);
    expect(usageSortKey(undefined)).toBeUndefined();
    expect(parseUsageFilter("warning")).toBe("warning");
    expect(parseUsageFilter("bogus")).toBeUndefined();
  });
});

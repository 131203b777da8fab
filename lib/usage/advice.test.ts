import { describe, expect, it } from "vitest";
import { adviceOptions, adviseUsage, suggestedSize, DEFAULT_ADVICE } from "./advice";
import type { VolumeUsage } from "./types";

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const DAY = 86_400_000;
const NOW = Date.parse("2026-03-10T12:00:00Z");
const old = NOW - 30 * DAY;
const u = (used: number, capacity: number, extra: Partial<VolumeUsage> = {}): VolumeUsage => ({ usedBytes: used, capacityBytes: capacity, availableBytes: capacity - used, at: NOW, ...extra });

describe("usage advice", () => {
  it("empty from the current value is labelled as such; all of it could be given back", () => {
    const a = adviseUsage(u(4096, 10 * GiB), 10 * GiB, old, NOW);
    expect(a).toMatchObject({ kind: "empty", basis: "current", reclaimableBytes: 10 * GiB, suggestedBytes: 0, coveredMs: 0 });
    expect(a!.detail).toMatch(/4 KiB of 10 GiB used now \(current value only/);
  });
  it("empty with Prometheus only when the maximum over the window is small", () => {
    const win = { maxUsedBytes: 8192, windowMs: 7 * DAY };
    expect(adviseUsage(u(4096, 10 * GiB, win), 10 * GiB, old, NOW)).toMatchObject({ kind: "empty", basis: "window", coveredMs: 7 * DAY });
    expect(adviseUsage(u(4096, 10 * GiB, win), 10 * GiB, old, NOW)!.detail).toMatch(/at most 8 KiB of 10 GiB used over the last 7 days/);
    // Emptied today after holding 5 GiB this week: not empty, and not over-sized either.
    expect(adviseUsage(u(4096, 10 * GiB, { maxUsedBytes: 5 * GiB, windowMs: 7 * DAY }), 10 * GiB, old, NOW)).toBeUndefined();
  });
  it("a young claim's window is its age", () => {
    const a = adviseUsage(u(0, 10 * GiB, { maxUsedBytes: 0, windowMs: 7 * DAY }), 10 * GiB, NOW - 2 * DAY, NOW);
    expect(a).toMatchObject({ coveredMs: 2 * DAY });
    expect(a!.detail).toMatch(/over the last 48 hours|over the last 2 days/);
  });
  it("over-sized below X %, giving back all but twice the peak rounded to a power of two", () => {
    const a = adviseUsage(u(300 * MiB, 100 * GiB), 100 * GiB, old, NOW);
    expect(a).toMatchObject({ kind: "oversized", suggestedBytes: 1 * GiB, reclaimableBytes: 99 * GiB, basis: "current" });
    expect(a!.detail).toMatch(/300 MiB of 100 GiB used \(0.3 %\) now .*1 GiB would hold it twice over/);
    expect(adviseUsage(u(11 * GiB, 100 * GiB), 100 * GiB, old, NOW)).toBeUndefined();
    // Small claims where the suggestion is not smaller give nothing back: no finding.
    expect(adviseUsage(u(600 * 1024, 1 * MiB), 1 * MiB, old, NOW)).toBeUndefined();
  });
  it("no advice for claims younger than the minimum age, or without a capacity", () => {
    expect(adviseUsage(u(0, 10 * GiB), 10 * GiB, NOW - 3_600_000, NOW)).toBeUndefined();
    expect(adviseUsage(u(0, 10 * GiB), 10 * GiB, NOW - 3_600_000, NOW, { ...DEFAULT_ADVICE, minAgeMs: 0 })).toMatchObject({ kind: "empty" });
    expect(adviseUsage(u(0, 0), undefined, old, NOW)).toBeUndefined();
  });
  it("suggested sizes and options from the environment", () => {
    expect(suggestedSize(0)).toBe(MiB);
    expect(suggestedSize(300 * MiB)).toBe(GiB);
    expect(suggestedSize(GiB)).toBe(2 * GiB);
    expect(adviceOptions({})).toEqual(DEFAULT_ADVICE);
    expect(adviceOptions({ BINDERY_USAGE_EMPTY_KIB: "64", BINDERY_USAGE_OVERSIZED_PERCENT: "25", BINDERY_USAGE_ADVICE_MIN_AGE_MINUTES: "0" })).toEqual({ emptyBytes: 64 * 1024, oversizedPercent: 25, minAgeMs: 0 });
    expect(adviceOptions({ BINDERY_USAGE_OVERSIZED_PERCENT: "x" }).oversizedPercent).toBe(10);
  });
});

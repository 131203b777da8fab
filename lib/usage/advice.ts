// Advice from usage for claims that are in use: "mounted but empty" and "over-sized", each with
// the bytes that could be given back. Advice only: the portal never offers to delete a mounted
// claim. Pure: the caller passes the figure, the claim's capacity and the clock.
import { humanBytes, humanDuration, humanPercent } from "./format";
import { percentOf } from "./level";
import type { VolumeUsage } from "./types";

export interface AdviceOptions {
  /** At most this many bytes used = "empty" (a fresh filesystem or directory holds a few KiB). */
  emptyBytes: number;
  /** Below this share of the capacity used = "over-sized". */
  oversizedPercent: number;
  /** Claims younger than this get no advice: a new claim is empty because it is new. */
  minAgeMs: number;
}

export const DEFAULT_ADVICE: AdviceOptions = { emptyBytes: 16 * 1024, oversizedPercent: 10, minAgeMs: 24 * 3_600_000 };

export type AdviceKind = "empty" | "oversized";

export interface Advice {
  kind: AdviceKind;
  /** The figure judged: the maximum over the window (Prometheus) or the current value (Summary API). */
  peakBytes: number;
  capacityBytes: number;
  /** A size that would hold the peak twice over (0 for an empty claim: it could go). */
  suggestedBytes: number;
  reclaimableBytes: number;
  /** "window": highest value over `coveredMs`; "current": the value now only, no history. */
  basis: "window" | "current";
  coveredMs: number;
  detail: string;
}

const MiB = 2 ** 20;

/** Next power of two, at least 1 MiB: sizes people would type (64Mi, 1Gi, 8Gi). */
export function suggestedSize(peakBytes: number): number {
  const want = Math.max(MiB, peakBytes * 2);
  return 2 ** Math.ceil(Math.log2(want));
}

/** The advice env: BINDERY_USAGE_EMPTY_KIB, BINDERY_USAGE_OVERSIZED_PERCENT, BINDERY_USAGE_ADVICE_MIN_AGE_MINUTES. */
export function adviceOptions(env: Record<string, string | undefined>): AdviceOptions {
  const num = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v !== undefined && v !== "" && Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  return {
    emptyBytes: num(env.BINDERY_USAGE_EMPTY_KIB, DEFAULT_ADVICE.emptyBytes / 1024) * 1024,
    oversizedPercent: num(env.BINDERY_USAGE_OVERSIZED_PERCENT, DEFAULT_ADVICE.oversizedPercent),
    minAgeMs: num(env.BINDERY_USAGE_ADVICE_MIN_AGE_MINUTES, DEFAULT_ADVICE.minAgeMs / 60_000) * 60_000,
  };
}

/**
 * Advice for one mounted claim, or undefined. `capacityBytes` is the claim's capacity (the
 * figure's own capacity when absent); `createdAt` bounds the window a young claim can cover.
 */
export function adviseUsage(u: VolumeUsage, capacity: number | undefined, createdAt: number | undefined, now: number, opts: AdviceOptions = DEFAULT_ADVICE): Advice | undefined {
  const capacityBytes = capacity && capacity > 0 ? capacity : u.capacityBytes;
  if (!(capacityBytes > 0)) return undefined;
  const age = createdAt === undefined ? Infinity : now - createdAt;
  if (age < opts.minAgeMs) return undefined;
  const windowed = u.maxUsedBytes !== undefined && (u.windowMs ?? 0) > 0;
  const peakBytes = windowed ? Math.max(u.maxUsedBytes!, u.usedBytes) : u.usedBytes;
  const basis = windowed ? "window" : "current";
  const coveredMs = windowed ? Math.min(u.windowMs!, age) : 0;
  const when = windowed ? `over the last ${humanDuration(coveredMs)}` : "now (current value only: this source keeps no history)";
  if (peakBytes <= opts.emptyBytes) {
    return {
      kind: "empty", peakBytes, capacityBytes, suggestedBytes: 0, reclaimableBytes: capacityBytes, basis, coveredMs,
      detail: `Mounted, but ${windowed ? "at most " : ""}${humanBytes(peakBytes)} of ${humanBytes(capacityBytes)} used ${when}`,
    };
  }
  const pct = percentOf(peakBytes, capacityBytes) ?? 100;
  if (pct >= opts.oversizedPercent) return undefined;
  const suggestedBytes = suggestedSize(peakBytes);
  const reclaimableBytes = capacityBytes - suggestedBytes;
  if (reclaimableBytes <= 0) return undefined;
  return {
    kind: "oversized", peakBytes, capacityBytes, suggestedBytes, reclaimableBytes, basis, coveredMs,
    detail: `${windowed ? "At most " : ""}${humanBytes(peakBytes)} of ${humanBytes(capacityBytes)} used (${humanPercent(pct)}) ${when}; ${humanBytes(suggestedBytes)} would hold it twice over`,
  };
}

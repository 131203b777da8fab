// How full a claim is, and what to call it: percentages, the 80 % / 90 % levels, and the
// plain words for an unknown figure. Pure.
import type { UsageUnknownReason, VolumeUsage } from "./types";

export const WARNING_PERCENT = 80;
export const CRITICAL_PERCENT = 90;

export type UsageLevel = "ok" | "warning" | "critical";

/** Used share of capacity in percent (0-100, may exceed 100 on overfull filesystems); undefined without a capacity. */
export function percentOf(used: number, capacity: number): number | undefined {
  if (!Number.isFinite(used) || !Number.isFinite(capacity) || capacity <= 0) return undefined;
  return (used / capacity) * 100;
}

/**
 * Bytes used in percent of the volume's capacity (what the owner asked for and sees as "Size";
 * available can be smaller when the backing disk is short, which would overstate the share).
 */
export function usedPercent(u: VolumeUsage): number | undefined {
  return percentOf(u.usedBytes, u.capacityBytes);
}

export function inodePercent(u: VolumeUsage): number | undefined {
  return u.inodes === undefined || u.inodesUsed === undefined ? undefined : percentOf(u.inodesUsed, u.inodes);
}

export function levelOf(percent: number | undefined): UsageLevel {
  if (percent === undefined) return "ok";
  if (percent >= CRITICAL_PERCENT) return "critical";
  if (percent >= WARNING_PERCENT) return "warning";
  return "ok";
}

/** The worse of the bytes and inode levels: a volume out of inodes is as full as one out of bytes. */
export function usageLevel(u: VolumeUsage): UsageLevel {
  const a = levelOf(usedPercent(u));
  const b = levelOf(inodePercent(u));
  const rank = { ok: 0, warning: 1, critical: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

export const UNKNOWN_REASON_TEXT: Record<UsageUnknownReason, string> = {
  "not-mounted": "not mounted anywhere, so nothing measures it",
  "no-stats": "its driver reports no usage figures",
  "no-source": "no usage source is configured or reachable",
  "not-collected": "not measured yet",
};

export function unknownText(reason: UsageUnknownReason): string {
  return `Usage unknown: ${UNKNOWN_REASON_TEXT[reason]}`;
}

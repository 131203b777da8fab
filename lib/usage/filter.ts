// Filtering and sorting lists by usage. Pure: the caller looks each claim's figure up in the
// shared snapshot (one Map lookup per row), so a 10k-row list adds no request.
import { CRITICAL_PERCENT, usageLevel, usedPercent, WARNING_PERCENT } from "./level";
import type { VolumeUsage } from "./types";

export const USAGE_FILTERS = ["critical", "warning", "low", "unknown"] as const;
export type UsageFilter = (typeof USAGE_FILTERS)[number];

/** Below this share used a volume counts as "mostly empty" in the list filter. */
export const LOW_PERCENT = 10;

export const USAGE_FILTER_LABELS: Record<UsageFilter, string> = {
  critical: `≥ ${CRITICAL_PERCENT} % full`,
  warning: `≥ ${WARNING_PERCENT} % full`,
  low: `< ${LOW_PERCENT} % used`,
  unknown: "usage unknown",
};

export function parseUsageFilter(v: unknown): UsageFilter | undefined {
  return typeof v === "string" && (USAGE_FILTERS as readonly string[]).includes(v) ? (v as UsageFilter) : undefined;
}

export function matchesUsage(u: VolumeUsage | undefined, f: UsageFilter): boolean {
  if (f === "unknown") return u === undefined;
  if (!u) return false;
  const level = usageLevel(u);
  if (f === "critical") return level === "critical";
  if (f === "warning") return level !== "ok";
  return (usedPercent(u) ?? 100) < LOW_PERCENT;
}

/** Sort key: percent used; no figure sorts as undefined (first ascending, last descending). */
export function usageSortKey(u: VolumeUsage | undefined): number | undefined {
  return u ? usedPercent(u) : undefined;
}

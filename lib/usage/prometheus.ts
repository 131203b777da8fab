// Prometheus queries for the kubelet's volume series and their answers as claim figures.
// Pure: lib/k8s/usage-prometheus.ts sends the queries.
import { drain } from "@/lib/runtime/sliced";
import { claimKey, type VolumeUsage } from "./types";

/** The series we read, as the kubelet (and the local node agents) name them. */
export const SERIES = {
  used: "kubelet_volume_stats_used_bytes",
  capacity: "kubelet_volume_stats_capacity_bytes",
  available: "kubelet_volume_stats_available_bytes",
  inodes: "kubelet_volume_stats_inodes",
  inodesUsed: "kubelet_volume_stats_inodes_used",
} as const;

export type Field = keyof typeof SERIES | "maxUsed" | "firstSeen";
/** The fields that aggregate over the whole window: Prometheus' expensive work. */
export const WINDOW_FIELDS = ["maxUsed", "firstSeen"] as const satisfies readonly Field[];
export type Vector = Map<string, { value: number; at: number }>;

/** Prometheus range selector for a window ("604800s"); whole seconds, at least 1. */
export const promDuration = (ms: number): string => `${Math.max(1, Math.round(ms / 1000))}s`;

/**
 * One instant query per field. `max by` folds duplicates (several scrape jobs, a claim
 * mounted on two nodes) into one figure per claim. firstSeen is the earliest time inside the
 * window a sample existed (a coarse subquery, 100 steps), so windowMs never claims more history
 * than Prometheus holds.
 */
/** Resolution of the firstSeen subquery: 100 steps over the window, at least 1 s. */
export const firstSeenStepMs = (windowMs: number): number => Math.max(1000, Math.round(windowMs / 100_000) * 1000);
/** Prometheus' default lookback: a sample is visible this long after it was scraped. */
const LOOKBACK_MS = 5 * 60_000;

export function usageQueries(windowMs: number): Record<Field, string> {
  const by = "max by (namespace, persistentvolumeclaim)";
  const w = promDuration(windowMs);
  const step = promDuration(firstSeenStepMs(windowMs));
  const out = {} as Record<Field, string>;
  for (const [k, s] of Object.entries(SERIES) as [keyof typeof SERIES, string][]) out[k] = `${by} (${s})`;
  out.maxUsed = `${by} (max_over_time(${SERIES.used}[${w}]))`;
  out.firstSeen = `min by (namespace, persistentvolumeclaim) (min_over_time(timestamp(${SERIES.used})[${w}:${step}]))`;
  return out;
}

/** The JSON of GET /api/v1/query for an instant vector. */
export interface PromVectorResponse {
  status: "success" | "error";
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Per claim key, the value of each series, from the answers to usageQueries. */
export function vectorByClaim(res: PromVectorResponse): Map<string, { value: number; at: number }> {
  const out = new Map<string, { value: number; at: number }>();
  if (res.status !== "success" || res.data?.resultType !== "vector") return out;
  for (const r of res.data.result) {
    const ns = r.metric.namespace;
    const name = r.metric.persistentvolumeclaim;
    const value = Number(r.value[1]);
    if (!ns || !name || !Number.isFinite(value)) continue;
    out.set(claimKey(ns, name), { value, at: Math.round(r.value[0] * 1000) });
  }
  return out;
}

/**
 * Claim figures from the per-field vectors. A claim needs used and capacity bytes now;
 * the rest is filled when present. maxUsedBytes comes with windowMs = how much of the window
 * Prometheus actually covers for that claim (from firstSeen).
 */
export function combine(fields: Partial<Record<Field, Vector>>, windowMs: number): Map<string, VolumeUsage> {
  return drain(combineSteps(fields, windowMs));
}

/** Claims between two yields of combineSteps (at 12k claims one pass held the loop 100-270 ms). */
export const COMBINE_CHUNK = 500;

/** combine as steps: the caller may let page requests run at each yield. */
export function* combineSteps(fields: Partial<Record<Field, Vector>>, windowMs: number): Generator<void, Map<string, VolumeUsage>> {
  const out = new Map<string, VolumeUsage>();
  let n = 0;
  for (const [key, used] of fields.used ?? []) {
    if (++n % COMBINE_CHUNK === 0) yield;
    const cap = fields.capacity?.get(key);
    if (!cap) continue;
    const avail = fields.available?.get(key);
    const u: VolumeUsage = {
      usedBytes: used.value,
      capacityBytes: cap.value,
      availableBytes: avail ? avail.value : Math.max(0, cap.value - used.value),
      at: used.at,
    };
    const inodes = fields.inodes?.get(key);
    const inodesUsed = fields.inodesUsed?.get(key);
    if (inodes) u.inodes = inodes.value;
    if (inodesUsed) u.inodesUsed = inodesUsed.value;
    const max = fields.maxUsed?.get(key);
    if (max) {
      u.maxUsedBytes = Math.max(max.value, used.value);
      const first = fields.firstSeen?.get(key);
      // No step of the subquery saw a sample yet: the history is at most one step (+ lookback) old.
      const covered = first ? used.at - first.value * 1000 : firstSeenStepMs(windowMs) + LOOKBACK_MS;
      u.windowMs = Math.min(windowMs, Math.max(0, covered));
    }
    out.set(key, u);
  }
  return out;
}

/** The window's aggregates as last read from Prometheus. */
export interface WindowAggregates {
  /** When they were read (ms) and for which window. */
  at: number;
  windowMs: number;
  maxUsed: Vector;
  firstSeen: Vector;
}

/** Whether this refresh must ask Prometheus for the window's aggregates again. */
export function windowDue(last: WindowAggregates | undefined, now: number, windowMs: number, windowRefreshMs: number): boolean {
  return !last || last.windowMs !== windowMs || now - last.at >= windowRefreshMs || now < last.at;
}

/**
 * Between two reads of the window, the maximum still has to hold every figure seen since: each
 * refresh raises the kept maximum to the current used bytes (in place), so a peak seen by any
 * refresh survives until Prometheus' own maximum replaces it at the next read.
 */
export function carryMaximum(maxUsed: Vector, used: Vector | undefined): void {
  for (const [key, u] of used ?? []) {
    const m = maxUsed.get(key);
    if (!m || u.value > m.value) maxUsed.set(key, { value: u.value, at: u.at });
  }
}

/** The figures' field each series query answers. */
const FIELD_OF: Record<keyof typeof SERIES, "usedBytes" | "capacityBytes" | "availableBytes" | "inodes" | "inodesUsed"> = {
  used: "usedBytes",
  capacity: "capacityBytes",
  available: "availableBytes",
  inodes: "inodes",
  inodesUsed: "inodesUsed",
};

/**
 * What a series query answered last time, rebuilt from the previous refresh's figures (with
 * their own measurement times). A busy Prometheus times out a query now and then; without this,
 * one missing `capacity` answer dropped every claim's figure (and the review's advice) until
 * the next refresh.
 */
export function previousVector(field: keyof typeof SERIES, previous: ReadonlyMap<string, VolumeUsage>): Vector {
  const out: Vector = new Map();
  const prop = FIELD_OF[field];
  for (const [key, u] of previous) {
    const value = u[prop];
    if (value !== undefined) out.set(key, { value, at: u.at });
  }
  return out;
}

// Requested vs used, summed per StorageClass and per namespace, for the admin chart. Pure; one
// pass over the claims with the usage already looked up (a Map lookup per claim).
import type { VolumeUsage } from "./types";

export interface UsageTotalsInput {
  namespace: string;
  storageClass: string;
  /** What the claim asked for (spec.resources.requests.storage). */
  requestedBytes: number;
  /** Its figure, when one is known. */
  usage?: VolumeUsage;
}

export interface UsageBucket {
  key: string;
  claims: number;
  requestedBytes: number;
  /** Claims with a figure, and what they asked for and use: "used" compares only with these. */
  measured: number;
  measuredRequestedBytes: number;
  usedBytes: number;
}

export interface UsageTotals {
  all: UsageBucket;
  byClass: UsageBucket[];
  byNamespace: UsageBucket[];
}

const empty = (key: string): UsageBucket => ({ key, claims: 0, requestedBytes: 0, measured: 0, measuredRequestedBytes: 0, usedBytes: 0 });

function add(b: UsageBucket, r: UsageTotalsInput): void {
  b.claims++;
  b.requestedBytes += r.requestedBytes;
  if (r.usage) {
    b.measured++;
    b.measuredRequestedBytes += r.requestedBytes;
    b.usedBytes += r.usage.usedBytes;
  }
}

const biggestFirst = (a: UsageBucket, b: UsageBucket) => b.requestedBytes - a.requestedBytes || a.key.localeCompare(b.key);

export function usageTotals(rows: Iterable<UsageTotalsInput>): UsageTotals {
  const all = empty("");
  const byClass = new Map<string, UsageBucket>();
  const byNamespace = new Map<string, UsageBucket>();
  for (const r of rows) {
    add(all, r);
    let c = byClass.get(r.storageClass);
    if (!c) byClass.set(r.storageClass, (c = empty(r.storageClass)));
    add(c, r);
    let n = byNamespace.get(r.namespace);
    if (!n) byNamespace.set(r.namespace, (n = empty(r.namespace)));
    add(n, r);
  }
  return { all, byClass: [...byClass.values()].sort(biggestFirst), byNamespace: [...byNamespace.values()].sort(biggestFirst) };
}

/** Used in percent of what the measured claims requested; undefined when none is measured. */
export function bucketPercent(b: UsageBucket): number | undefined {
  return b.measuredRequestedBytes > 0 ? (b.usedBytes / b.measuredRequestedBytes) * 100 : undefined;
}

import "server-only";
import { registry } from "@/lib/metrics";
import { allInformers } from "./informers";
import type { SharedInformer } from "./informer";
import type { KubeObject } from "./types";

/**
 * Shared-cache gauges, read at scrape time. Bytes are an estimate: the JSON length of up to
 * SAMPLE objects spread over the cache, times the object count (JSON text is close to what
 * the parsed object costs, and measuring all 30k pods on every scrape would cost more than
 * the scrape is worth). Estimates are kept for ESTIMATE_TTL_MS.
 */
const SAMPLE = 32;
const ESTIMATE_TTL_MS = 30_000;
const estimates = new WeakMap<SharedInformer<KubeObject>, { at: number; perObject: number }>();

export function estimateBytes(objects: readonly KubeObject[], sample = SAMPLE): number {
  if (objects.length === 0) return 0;
  const step = Math.max(1, Math.floor(objects.length / sample));
  let total = 0;
  let n = 0;
  for (let i = 0; i < objects.length && n < sample; i += step, n++) total += JSON.stringify(objects[i]).length;
  return Math.round((total / n) * objects.length);
}

function bytesOf(inf: SharedInformer<KubeObject>): number {
  const now = Date.now();
  const e = estimates.get(inf);
  if (e && now - e.at < ESTIMATE_TTL_MS) return Math.round(e.perObject * inf.size);
  const bytes = estimateBytes(inf.list());
  estimates.set(inf, { at: now, perObject: inf.size ? bytes / inf.size : 0 });
  return bytes;
}

export function registerCacheMetrics(): void {
  const r = registry();
  r.gauge("bindery_cache_objects", "Objects in the shared watch cache, by resource type.", ["type"], () =>
    allInformers().map((i) => ({ labels: { type: i.type.key }, value: i.size })),
  );
  r.gauge("bindery_cache_bytes", "Estimated size of the shared watch cache (sampled JSON length x objects), by type.", ["type"], () =>
    allInformers().map((i) => ({ labels: { type: i.type.key }, value: bytesOf(i) })),
  );
  r.gauge("bindery_watch_connected", "1 while the shared watch of a type is open and its cache synced.", ["type"], () =>
    allInformers().map((i) => ({ labels: { type: i.type.key }, value: i.synced && i.connected ? 1 : 0 })),
  );
}

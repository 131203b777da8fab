// Memory per cached object, whole vs projected, and raw LIST times (the benchmarks' denominator).
// Run node with --expose-gc and --conditions=react-server (lib/k8s files import "server-only").
import { PROJECTIONS } from "../lib/k8s/projections.ts";

const TYPES = [
  ["persistentvolumes", "/api/v1/persistentvolumes"],
  ["persistentvolumeclaims", "/api/v1/persistentvolumeclaims"],
  ["pods", "/api/v1/pods"],
  ["events", "/api/v1/events"],
];

/** Unpaged LIST of each type, body read and parsed; best of `runs`. */
export async function listFigures(kube, runs = 2) {
  const out = [];
  for (const [type, p] of TYPES) {
    let best;
    for (let i = 0; i < runs; i++) {
      const r = await kube.get(p);
      const t0 = performance.now();
      const items = JSON.parse(r.body.toString("utf8")).items.length;
      const total = r.ms + (performance.now() - t0);
      if (!best || total < best.ms) best = { type, items, bytes: r.body.length, ms: total };
    }
    out.push(best);
  }
  return out;
}

function heap() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/** What the old cache kept: the whole object minus managed fields and the last-applied copy. */
function strip(o) {
  delete o.metadata.managedFields;
  delete o.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"];
  return o;
}

/** Heap bytes per object held as the apiserver sent it vs as the cache projects it. */
export async function cacheFigures(kube) {
  if (!globalThis.gc) throw new Error("run node with --expose-gc");
  const out = [];
  for (const [type, p] of TYPES) {
    const body = (await kube.get(p)).body.toString("utf8");
    let h0 = heap();
    let held = JSON.parse(body).items.map(strip);
    const whole = (heap() - h0) / Math.max(1, held.length);
    const n = held.length;
    held = undefined;
    h0 = heap();
    const project = PROJECTIONS[type];
    held = [];
    {
      const items = JSON.parse(body).items;
      for (let i = 0; i < items.length; i++) {
        held.push(project(items[i]));
        items[i] = undefined;
      }
    }
    const projected = (heap() - h0) / Math.max(1, held.length);
    held = undefined;
    out.push({ type, items: n, whole, projected });
  }
  return out;
}

/** The portal's own memory by area (/api/metrics), in MiB: tells heap growth from allocator high-water. */
export async function portalMemory(request, base) {
  const r = await request(base, "/api/metrics").catch(() => undefined);
  if (!r || r.status !== 200) return undefined;
  const out = {};
  const text = r.body.toString();
  for (const m of text.matchAll(/^bindery_process_memory_bytes\{area="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]) / 2 ** 20;
  const trims = /^bindery_heap_trims (\d+)/m.exec(text);
  const pause = /^bindery_heap_trim_last_pause_seconds ([\d.e-]+)/m.exec(text);
  if (trims) out.trims = { count: Number(trims[1]), lastPauseMs: Number(pause?.[1] ?? 0) * 1000 };
  return Object.keys(out).length ? out : undefined;
}

export function formatMemory(m) {
  if (!m) return "(no process metrics from this portal)";
  return `rss ${m.rss.toFixed(0)} MiB, V8 heap used ${m.heap_used.toFixed(0)} of ${m.heap_total.toFixed(0)} MiB, external ${m.external.toFixed(0)} MiB (array buffers ${m.array_buffers.toFixed(0)})${m.trims ? `; ${m.trims.count} quiet-time trims, last paused ${m.trims.lastPauseMs.toFixed(0)} ms` : ""}`;
}

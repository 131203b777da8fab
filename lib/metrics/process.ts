import { PerformanceObserver, constants } from "node:perf_hooks";
import { registry } from "./index";
import { heapTrimStats } from "@/lib/runtime/heap-trim";

/**
 * The process's memory by area, read at scrape time: RSS against the heap the cache and the
 * pages use tells a leak (heap grows) from allocator high-water (RSS grows, heap does not).
 * Event-loop lag and GC pauses tell why a request waited: work on the loop (a long task, a
 * collection) rather than the apiserver or the CPU being shared.
 */
export function registerProcessMetrics(): void {
  registry().gauge("bindery_process_memory_bytes", "Memory of the portal process by area (rss, heap_used, heap_total, external, array_buffers, live_after_trim: heap left by the last quiet-time collection).", ["area"], () => {
    const m = process.memoryUsage();
    return [
      { labels: { area: "rss" }, value: m.rss },
      { labels: { area: "heap_used" }, value: m.heapUsed },
      { labels: { area: "heap_total" }, value: m.heapTotal },
      { labels: { area: "external" }, value: m.external },
      { labels: { area: "array_buffers" }, value: m.arrayBuffers },
      { labels: { area: "live_after_trim" }, value: heapTrimStats().live },
    ];
  });
  registry().gauge("bindery_heap_trim_last_pause_seconds", "How long the last quiet-time memory-reducing collection paused the portal.", [], () => [{ labels: {}, value: heapTrimStats().lastPauseMs / 1000 }]);
  registry().gauge("bindery_heap_trims", "Quiet-time memory-reducing collections since the portal started.", [], () => [{ labels: {}, value: heapTrimStats().collections }]);
  watchLoop();
}

const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const TICK_MS = 50;
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

const started = Symbol.for("bindery.loop-metrics");
type Holder = { [started]?: boolean };

/** A timer every 50 ms observes how late it fired (the loop was busy that long); GC pauses by kind. */
function watchLoop(): void {
  const g = globalThis as Holder;
  if (g[started]) return;
  g[started] = true;
  const lag = registry().histogram("bindery_event_loop_lag_seconds", "How late a 50 ms timer fired: the time the event loop was busy with something else (requests waiting for it wait as long).", [], LAG_BUCKETS);
  const gc = registry().histogram("bindery_gc_pause_seconds", "Garbage collection pauses of the main thread, by kind.", ["kind"], LAG_BUCKETS);
  let expected = performance.now() + TICK_MS;
  setInterval(() => {
    const now = performance.now();
    lag.observe({}, Math.max(0, now - expected) / 1000);
    expected = now + TICK_MS;
  }, TICK_MS).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      gc.observe({ kind }, e.duration / 1000);
    }
  }).observe({ entryTypes: ["gc"] });
}

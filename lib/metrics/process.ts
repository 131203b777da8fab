import { registry } from "./index";
import { heapTrimStats } from "@/lib/runtime/heap-trim";

/**
 * The process's memory by area, read at scrape time: RSS against the heap the cache and the
 * pages use tells a leak (heap grows) from allocator high-water (RSS grows, heap does not).
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
}

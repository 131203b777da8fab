import v8 from "node:v8";
import vm from "node:vm";

/**
 * Gives memory back when the portal is quiet. V8 lets garbage pile up to a multiple of the live
 * heap before a full collection (at 30k pods: ~150 MiB live, 300+ MiB used, RSS 500-700 MiB after
 * a burst of pages), and a plain full collection frees objects but keeps the pages they were on
 * (measured: heap used 173 MiB of 356 MiB committed, RSS 574 MiB). When no request has started or
 * ended for QUIET_MS and the heap holds garbage or committed pages well past what the last trim
 * left, one memory-reducing collection (V8's "last resort": compacts and releases free pages)
 * brings the heap and RSS back to the live size. Never while requests are being served.
 */
const CHECK_MS = 3_000;
const QUIET_MS = 2_000;
const GROWTH = 1.3;
const SLACK = 24 * 2 ** 20;

const key = Symbol.for("bindery.heap-trim");
type State = { lastActivity: number; live: number; committed: number; collections: number; lastPauseMs: number };
type Holder = { [key]?: State };

function state(): State {
  const g = globalThis as Holder;
  g[key] ??= { lastActivity: 0, live: 0, committed: 0, collections: 0, lastPauseMs: 0 };
  return g[key];
}

/** Called by the HTTP hook when a request starts or ends (streams count only then). */
export function noteActivity(now = Date.now()): void {
  state().lastActivity = now;
}

type Heap = { heapUsed: number; heapTotal: number };

/** Whether a collection is worth it now: quiet, and garbage or spare pages to give back (pure, for tests). */
export function shouldTrim(s: { lastActivity: number; live: number; committed: number }, heap: Heap, now: number): boolean {
  if (now - s.lastActivity < QUIET_MS) return false;
  return heap.heapUsed > s.live * GROWTH + SLACK || heap.heapTotal > s.committed + SLACK;
}

type Gc = (options?: { type: string; execution: string; flavor: string }) => void;
let gcFn: Gc | undefined;
/** The documented way to reach gc() without starting Node with --expose-gc. */
function gc(): Gc {
  if (!gcFn) {
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as Gc;
  }
  return gcFn;
}

/** One memory-reducing collection now: what a quiet-time trim does (benchmarks read memory after it). */
export function collectNow(): void {
  gc()({ type: "major", execution: "sync", flavor: "last-resort" });
}

export function startHeapTrim(): void {
  if (process.env.BINDERY_HEAP_TRIM === "0") return;
  const s = state();
  if (s.live) return; // already running (dev reloads)
  const settled = () => {
    const m = process.memoryUsage();
    s.live = m.heapUsed;
    s.committed = m.heapTotal;
  };
  settled();
  setInterval(() => {
    if (!shouldTrim(s, process.memoryUsage(), Date.now())) return;
    const t0 = performance.now();
    collectNow();
    s.lastPauseMs = performance.now() - t0;
    settled();
    s.collections++;
  }, CHECK_MS).unref();
}

export function heapTrimStats(): { live: number; collections: number; lastPauseMs: number } {
  const s = state();
  return { live: s.live, collections: s.collections, lastPauseMs: s.lastPauseMs };
}

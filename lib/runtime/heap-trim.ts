import v8 from "node:v8";
import vm from "node:vm";

/**
 * Gives memory back when the portal is quiet. V8 lets garbage pile up to a multiple of the live
 * heap before a full collection (at 30k pods: ~150 MiB live, 300+ MiB used, RSS 500-700 MiB after
 * a burst of pages). When no request has started or ended for QUIET_MS and the heap has grown
 * well past what the last collection left, one full collection brings the heap (and RSS) back to
 * the live size. Never while requests are being served, so it adds no latency to them.
 */
const CHECK_MS = 3_000;
const QUIET_MS = 2_000;
const GROWTH = 1.3;
const SLACK = 24 * 2 ** 20;

const key = Symbol.for("bindery.heap-trim");
type State = { lastActivity: number; live: number; collections: number };
type Holder = { [key]?: State };

function state(): State {
  const g = globalThis as Holder;
  g[key] ??= { lastActivity: 0, live: 0, collections: 0 };
  return g[key];
}

/** Called by the HTTP hook when a request starts or ends (streams count only then). */
export function noteActivity(now = Date.now()): void {
  state().lastActivity = now;
}

/** Whether a collection is worth it now (pure, for tests). */
export function shouldTrim(s: { lastActivity: number; live: number }, heapUsed: number, now: number): boolean {
  return now - s.lastActivity >= QUIET_MS && heapUsed > s.live * GROWTH + SLACK;
}

export function startHeapTrim(): void {
  if (process.env.BINDERY_HEAP_TRIM === "0") return;
  const s = state();
  if (s.live) return; // already running (dev reloads)
  // The documented way to reach gc() without starting Node with --expose-gc.
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  s.live = process.memoryUsage().heapUsed;
  setInterval(() => {
    if (!shouldTrim(s, process.memoryUsage().heapUsed, Date.now())) return;
    gc();
    s.live = process.memoryUsage().heapUsed;
    s.collections++;
  }, CHECK_MS).unref();
}

export function heapTrimStats(): { live: number; collections: number } {
  const s = state();
  return { live: s.live, collections: s.collections };
}

import "server-only";
import { informer } from "@/lib/k8s/informers";
import { K8sError } from "@/lib/k8s/errors";
import { cachedWorkloads, WORKLOAD_RESOURCES } from "@/lib/k8s/workloads-read";
import { getUsageSnapshot } from "@/lib/k8s/usage";
import { adviceOptions } from "@/lib/usage/advice";
import type { ResourceKey } from "@/lib/k8s/resources";
import type { KubeObject } from "@/lib/k8s/types";
import type { ReviewQuery } from "@/lib/validations/unused";
import { classifySteps, type Snapshot } from "./classify";
import { lastSeen } from "./last-seen";
import { filterFindings, paginate, sortFindings, totals, type Page, type Totals } from "./query";
import type { Classification, EventLike, Finding, KeptFinding, PVCLike, PVLike, StorageClassLike } from "./types";

/**
 * The review, computed from the shared watch cache (never a LIST per request). On a big
 * cluster something always changes, so classification runs in the background, at most about
 * once a second after changes, and page views read the last result: a view then costs a
 * filter, a sort (memoized per query) and a slice of one page. Staleness is bounded by
 * `lagMs`; cleanups bypass it (`fresh`) so they always judge the current state.
 */

export interface Computed extends Classification {
  computedAt: number;
  /** Milliseconds the classification took (shown on the page, read by the benchmark). */
  tookMs: number;
  watchingSince: number;
  /** Filter choices: classes and namespaces that have findings or kept objects. */
  classes: string[];
  namespaces: string[];
}

interface Memo {
  generation: number;
  at: number;
  usedAt: number;
  result: Promise<Computed>;
  /** Filtered + sorted lists per query (without paging), so paging is a slice. */
  views: Map<string, { findings: Finding[]; kept: KeptFinding[]; totals: Totals }>;
}

interface State {
  generation: number;
  memos: Map<number, Memo>;
  subscribed: boolean;
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  lastTookMs: number;
  /** First computations per threshold, shared by concurrent requests. */
  inflight: Map<number, Memo>;
  /** version of the usage snapshot last seen: new figures make the result stale (advice). */
  usageAt: number;
}

const stateKey = Symbol.for("bindery.unused.review");
type Holder = { [stateKey]?: State };

const MIN_DELAY_MS = 1_000;
/** Idle recompute, for time-based rules (a claim crossing the pending threshold). */
const MAX_AGE_MS = 60_000;
const FORGET_MS = 10 * 60_000;
const WATCHED: ResourceKey[] = ["persistentvolumes", "persistentvolumeclaims", "pods", "storageclasses", ...WORKLOAD_RESOURCES.map(([k]) => k)];

function state(): State {
  const g = globalThis as Holder;
  g[stateKey] ??= { generation: 0, memos: new Map(), subscribed: false, timer: undefined, running: false, lastTookMs: 0, inflight: new Map(), usageAt: 0 };
  const s = g[stateKey];
  if (!s.subscribed) {
    s.subscribed = true;
    const bump = () => {
      s.generation++;
      schedule(s);
    };
    for (const k of WATCHED) informer(k).subscribe(bump);
    // Only events about volumes and claims feed the review (Failed and Pending reasons).
    // A repeat of an event (MODIFIED: count and time) says nothing new; busy controllers send
    // many of those, and the idle recompute picks them up.
    informer<KubeObject & EventLike>("events").subscribe(({ type, object }) => {
      const kind = object.involvedObject?.kind;
      if (type !== "MODIFIED" && (kind === "PersistentVolume" || kind === "PersistentVolumeClaim")) bump();
    });
  }
  return s;
}

/** Background work stays a small share of one core, however big the cluster. */
function delayOf(s: State): number {
  return Math.max(MIN_DELAY_MS, 10 * s.lastTookMs);
}

function schedule(s: State): void {
  if (s.timer || s.memos.size === 0) return;
  s.timer = setTimeout(() => void refreshAll(s), delayOf(s));
  s.timer.unref?.();
}

async function refreshAll(s: State): Promise<void> {
  s.timer = undefined;
  if (s.running) return schedule(s);
  s.running = true;
  try {
    const now = Date.now();
    for (const [pendingMs, memo] of s.memos) {
      if (now - memo.usedAt > FORGET_MS) s.memos.delete(pendingMs);
      else if (memo.generation !== s.generation || now - memo.at > MAX_AGE_MS) await store(s, pendingMs, memo.usedAt).result.catch(() => undefined);
    }
  } finally {
    s.running = false;
  }
  const stale = [...s.memos.values()].some((m) => m.generation !== s.generation);
  if (stale) schedule(s);
}

/** Thrown while the shared caches are still filling: a partial pod list would make mounted claims look unused. */
export class NotSyncedError extends K8sError {
  constructor() {
    super("unavailable", 503, "The portal is still loading the cluster's objects; the review appears in a moment.");
  }
}

const SNAPSHOT_TYPES: ResourceKey[] = ["persistentvolumes", "persistentvolumeclaims", "pods", "storageclasses", "events", ...WORKLOAD_RESOURCES.map(([k]) => k)];

async function snapshot(): Promise<Snapshot> {
  const seen = lastSeen();
  await Promise.all(SNAPSHOT_TYPES.map((k) => informer(k).waitForSync(30_000)));
  if (SNAPSHOT_TYPES.some((k) => !informer(k).synced)) throw new NotSyncedError();
  const list = (k: ResourceKey) => informer<KubeObject>(k).list();
  return {
    // The cache holds the apiserver's JSON: the plain shapes describe exactly that.
    pvs: list("persistentvolumes") as unknown as PVLike[],
    claims: list("persistentvolumeclaims") as unknown as PVCLike[],
    pods: [],
    podIndex: seen.usage,
    classes: list("storageclasses") as unknown as StorageClassLike[],
    events: list("events") as unknown as EventLike[],
    workloads: await cachedWorkloads(),
    // The shared usage snapshot (no request per claim): mounted claims get empty / over-sized advice.
    usage: await getUsageSnapshot(),
    lastSeenMounted: seen.seen,
    watchingSince: seen.watchingSince,
  };
}

const SLICE_MS = 8;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

async function compute(s: State, pendingMs: number): Promise<Computed> {
  const snap = await snapshot();
  const now = Date.now();
  // Runs in slices of a few ms: page views are served in between instead of waiting for the
  // whole classification of a big cluster. `busy` counts only the slices (CPU time).
  const steps = classifySteps(snap, { now, pendingThresholdMs: pendingMs, advice: adviceOptions(process.env) });
  let busy = 0;
  let sliceStart = performance.now();
  let step = steps.next();
  while (!step.done) {
    if (performance.now() - sliceStart > SLICE_MS) {
      busy += performance.now() - sliceStart;
      await yieldToOthers();
      sliceStart = performance.now();
    }
    step = steps.next();
  }
  busy += performance.now() - sliceStart;
  const result = step.value;
  const all = [...result.findings, ...result.kept];
  const tookMs = Math.round(busy * 10) / 10;
  s.lastTookMs = tookMs;
  return {
    ...result,
    classes: [...new Set(all.map((f) => f.storageClass))].sort(),
    namespaces: [...new Set(all.map((f) => f.namespace).filter(Boolean))].sort(),
    computedAt: now,
    tookMs,
    watchingSince: snap.watchingSince,
  };
}

function store(s: State, pendingMs: number, usedAt: number): Memo {
  const memo: Memo = { generation: s.generation, at: Date.now(), usedAt, result: compute(s, pendingMs), views: new Map() };
  // Swap in only once it is done: readers keep the previous result meanwhile.
  memo.result.then(
    () => {
      const cur = s.memos.get(pendingMs);
      if (!cur || cur.at <= memo.at) s.memos.set(pendingMs, memo);
    },
    () => undefined,
  );
  return memo;
}

/** The classification for a pending threshold; `fresh` recomputes now (right before deleting). */
export async function currentReview(pendingMs: number, opts: { fresh?: boolean } = {}): Promise<Computed> {
  return (await memoFor(pendingMs, opts.fresh ?? false)).memo.result;
}

async function memoFor(pendingMs: number, fresh: boolean): Promise<{ memo: Memo; stale: boolean }> {
  const s = state();
  // New usage figures change the advice findings: count them as a change like a watch event.
  // A refresh that brought the same figures is not (at 10k claims a reclassification costs CPU).
  const usageAt = (await getUsageSnapshot()).version;
  if (usageAt !== s.usageAt) {
    s.usageAt = usageAt;
    s.generation++;
  }
  const now = Date.now();
  const hit = s.memos.get(pendingMs);
  if (hit && !fresh) {
    hit.usedAt = now;
    const stale = hit.generation !== s.generation;
    if (stale || now - hit.at > MAX_AGE_MS) schedule(s);
    return { memo: hit, stale };
  }
  const pending = fresh ? undefined : s.inflight.get(pendingMs);
  const memo = pending ?? store(s, pendingMs, now);
  if (!pending && !fresh) s.inflight.set(pendingMs, memo);
  try {
    await memo.result;
  } finally {
    if (s.inflight.get(pendingMs) === memo) s.inflight.delete(pendingMs);
  }
  return { memo, stale: false };
}

/** How stale a page can be: the browser waits this long after a change before refreshing. */
export function refreshLagMs(): number {
  const s = state();
  return delayOf(s) + Math.ceil(s.lastTookMs) + 250;
}

function viewOf(memo: Memo, r: Computed, q: ReviewQuery, now: number) {
  const key = JSON.stringify([q.reason, q.class, q.ns, q.olderThan, q.sort, q.dir]);
  let v = memo.views.get(key);
  if (!v) {
    v = {
      findings: sortFindings(filterFindings(r.findings, q, now), q.sort, q.dir),
      kept: sortFindings(filterFindings(r.kept, q, now), q.sort, q.dir),
      totals: totals(r.findings, q, now),
    };
    if (memo.views.size > 32) memo.views.clear();
    memo.views.set(key, v);
  }
  return v;
}

export interface ReviewPage {
  totals: Totals;
  keptCount: number;
  page: Page<Finding> | Page<KeptFinding>;
  classes: string[];
  namespaces: string[];
  computedAt: number;
  tookMs: number;
  watchingSince: number;
  /** The clock the filters used; the page renders ages against it. */
  now: number;
  lagMs: number;
  /** Something changed after this result was computed; a fresher one is on its way. */
  stale: boolean;
}

/** One page of the review plus the totals; only `page.rows` goes to the browser as rows. */
export async function reviewPage(q: ReviewQuery): Promise<ReviewPage> {
  const { memo, stale } = await memoFor(q.pendingMs, false);
  const r = await memo.result;
  // Age filters use the classification's clock so the memoized views stay consistent.
  const now = r.computedAt;
  const v = viewOf(memo, r, q, now);
  return {
    totals: v.totals,
    keptCount: v.kept.length,
    page: q.view === "kept" ? paginate(v.kept, q.page, q.size) : paginate(v.findings, q.page, q.size),
    classes: r.classes,
    namespaces: r.namespaces,
    computedAt: r.computedAt,
    tookMs: r.tookMs,
    watchingSince: r.watchingSince,
    now: Date.now(),
    lagMs: refreshLagMs(),
    stale,
  };
}

/** The whole filtered review (exports): findings and kept objects, sorted as asked. */
export async function reviewExport(q: ReviewQuery): Promise<{ totals: Totals; findings: Finding[]; kept: KeptFinding[]; computedAt: number }> {
  const { memo } = await memoFor(q.pendingMs, false);
  const r = await memo.result;
  const v = viewOf(memo, r, q, r.computedAt);
  return { totals: v.totals, findings: v.findings, kept: v.kept, computedAt: r.computedAt };
}

import "server-only";
import { informer } from "@/lib/k8s/informers";
import { WORKLOAD_RESOURCES } from "@/lib/k8s/workloads-read";
import { getUsageSnapshot } from "@/lib/k8s/usage";
import { adviceOptions } from "@/lib/usage/advice";
import { log, outsideRequest } from "@/lib/log";
import { DEFAULT_QUERY } from "@/lib/validations/unused";
import type { ResourceKey } from "@/lib/k8s/resources";
import type { KubeObject } from "@/lib/k8s/types";
import type { ReviewQuery } from "@/lib/validations/unused";
import { classifyBaseSteps, type BaseClassification } from "./classify";
import { eventChangesReview } from "./event-index";
import { adviceSteps, withAdvice } from "./usage-advice";
import { inBackground, type Pause } from "@/lib/runtime/foreground";
import { sliced, yieldToOthers } from "@/lib/runtime/sliced";
import { snapshot } from "./snapshot";
import { facets, filterFindings, paginate, sortFindings, totals, type Page, type Totals } from "./query";
import type { Classification, EventLike, Finding, KeptFinding } from "./types";

/**
 * The review, computed from the shared watch cache (never a LIST per request). On a big
 * cluster something always changes, so classification runs in the background, at most about
 * once a second after changes, and page views read the last result: a view then costs a
 * filter, a sort (memoized per query) and a slice of one page. Staleness is bounded by
 * `lagMs`; cleanups bypass it (`fresh`) so they always judge the current state.
 * Usage advice is a layer over that base: new usage figures (every refresh, on a real cluster)
 * re-judge the claims in use only, never the whole cluster.
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

interface Base extends BaseClassification {
  computedAt: number;
  tookMs: number;
  watchingSince: number;
}

/** A result with the usage version its advice was judged on. */
type Advised = Computed & { usageVersion: number };

interface Memo {
  /** Order of creation: a result never replaces a newer one. */
  seq: number;
  generation: number;
  at: number;
  usedAt: number;
  base: Promise<Base>;
  result: Promise<Advised>;
  /** The usage version `result` holds advice for; set once it is done. */
  usageVersion: number;
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
  /** version of the usage snapshot last seen: new figures make the advice stale, not the base. */
  usageAt: number;
  seq: number;
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
  g[stateKey] ??= { generation: 0, memos: new Map(), subscribed: false, timer: undefined, running: false, lastTookMs: 0, inflight: new Map(), usageAt: 0, seq: 0 };
  const s = g[stateKey];
  if (!s.subscribed) {
    s.subscribed = true;
    const bump = () => {
      s.generation++;
      schedule(s);
    };
    for (const k of WATCHED) informer(k).subscribe(bump);
    // Only events about volumes and claims feed the review (Failed and Pending reasons).
    // A repeat of an event (MODIFIED: count and time, or ADDED again under a new name) says
    // nothing new; busy controllers send many of those, and the idle recompute picks them up.
    const events = informer<KubeObject & EventLike>("events");
    events.subscribe(({ type, object: e }) => {
      if (type === "MODIFIED") return;
      const io = e.involvedObject;
      const others = events
        .byIndex("involved", `${io?.kind ?? ""}/${io?.namespace ?? ""}/${io?.name ?? ""}`)
        .filter((o) => o.metadata.name !== e.metadata.name || o.metadata.namespace !== e.metadata.namespace);
      if (io && eventChangesReview(e, others)) bump();
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
  s.timer = outsideRequest(() => setTimeout(() => void refreshAll(s), delayOf(s)));
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
      else if (memo.generation !== s.generation || now - memo.at > MAX_AGE_MS) await store(s, pendingMs, memo.usedAt, inBackground).result.catch(() => undefined);
      else if (memo.usageVersion !== s.usageAt) await readvise(s, pendingMs, memo, inBackground).result.catch(() => undefined);
    }
  } finally {
    s.running = false;
  }
  if ([...s.memos.values()].some((m) => isStale(s, m))) schedule(s);
}

const isStale = (s: State, m: Memo) => m.generation !== s.generation || m.usageVersion !== s.usageAt;

async function computeBase(s: State, pendingMs: number, pause: Pause): Promise<Base> {
  const snap = await snapshot();
  const now = Date.now();
  const t0 = performance.now();
  const { value, busyMs, slices } = await sliced(classifyBaseSteps(snap, { now, pendingThresholdMs: pendingMs }), pause);
  s.lastTookMs = busyMs;
  log.debug("unused review classified", { pendingMs, busyMs, wallMs: Math.round(performance.now() - t0), slices, findings: value.findings.length, inUse: value.inUse.length });
  return { ...value, computedAt: now, tookMs: busyMs, watchingSince: snap.watchingSince };
}

/** The base plus usage advice from the shared usage snapshot (no request per claim). */
async function advise(base: Base, pause: Pause): Promise<Advised> {
  const usage = await getUsageSnapshot();
  const now = Date.now();
  const t0 = performance.now();
  const { value, busyMs, slices } = await sliced(adviceSteps(base, usage, now, adviceOptions(process.env)), pause);
  const t1 = performance.now();
  const merged = withAdvice(base, value);
  const { classes, namespaces } = facets(merged.findings, merged.kept);
  const mergeMs = performance.now() - t1;
  log.debug("unused review advised", { usageVersion: usage.version, busyMs, mergeMs: Math.round(mergeMs), wallMs: Math.round(performance.now() - t0), slices, advice: value.findings.length + value.kept.length });
  return {
    ...merged,
    classes,
    namespaces,
    // The advice's clock: age filters and "since" of advice findings use it.
    computedAt: now,
    tookMs: Math.round((base.tookMs + busyMs + mergeMs) * 10) / 10,
    watchingSince: base.watchingSince,
    usageVersion: usage.version,
  };
}

/** A full recomputation: the base classification, then the advice over it. */
function store(s: State, pendingMs: number, usedAt: number, pause: Pause): Memo {
  const base = computeBase(s, pendingMs, pause);
  return swapWhenDone(s, pendingMs, { seq: ++s.seq, generation: s.generation, at: Date.now(), usedAt, base, result: base.then((b) => advise(b, pause)), usageVersion: -1, views: new Map() });
}

/** New usage figures: the same base, the advice judged again. */
function readvise(s: State, pendingMs: number, prev: Memo, pause: Pause): Memo {
  return swapWhenDone(s, pendingMs, { ...prev, seq: ++s.seq, result: prev.base.then((b) => advise(b, pause)), usageVersion: -1, views: new Map() });
}

function swapWhenDone(s: State, pendingMs: number, memo: Memo): Memo {
  // Swap in only once it is done: readers keep the previous result meanwhile.
  memo.result.then(
    (r) => {
      memo.usageVersion = r.usageVersion;
      const cur = s.memos.get(pendingMs);
      if (!cur || cur.seq <= memo.seq) s.memos.set(pendingMs, memo);
      // The page most people open first, filtered and sorted here rather than in their request.
      setImmediate(() => viewOf(memo, r, { ...DEFAULT_QUERY, pendingMs }, r.computedAt));
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
  // New usage figures make the advice stale (re-judged in the background), not the base.
  s.usageAt = (await getUsageSnapshot()).version;
  const now = Date.now();
  const hit = s.memos.get(pendingMs);
  if (hit && !fresh) {
    hit.usedAt = now;
    const stale = isStale(s, hit);
    if (stale || now - hit.at > MAX_AGE_MS) schedule(s);
    return { memo: hit, stale };
  }
  const pending = fresh ? undefined : s.inflight.get(pendingMs);
  const memo = pending ?? store(s, pendingMs, now, yieldToOthers);
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

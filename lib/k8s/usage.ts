import "server-only";
import { cached, informer } from "./informers";
import type { KubeObject } from "./types";
import { collectSummary } from "./usage-summary";
import { collectPrometheus } from "./usage-prometheus";
import { log } from "@/lib/log";
import { inBackground, type Pause } from "@/lib/runtime/foreground";
import { metrics } from "@/lib/metrics";
import { changedClaims, sameFigures } from "@/lib/usage/changes";
import { claimUsage, type ClaimMountFacts } from "@/lib/usage/claim";
import { usageConfig, type UsageConfig } from "@/lib/usage/config";
import { claimKey, type ClaimUsage, type UsageSnapshot, type UsageUnknownReason, type VolumeUsage } from "@/lib/usage/types";

// Volume usage for every claim, collected by one refresh shared by all people in the process:
// served for refreshMs, then served stale while one background refresh runs (concurrent callers
// share it). Pages never cause a request per claim or per browser.

/** The first caller waits at most this long for the first collection, then sees "not collected". */
const FIRST_WAIT_MS = 2_000;

export interface UsageSourceStatus {
  kind: UsageSnapshot["source"];
  /** Where figures come from, in words, for the admin status page. */
  description: string;
  /** A configuration mistake that turned the source off. */
  problem?: string;
  refreshMs: number;
  windowMs: number;
  collectedAt: number;
  tookMs: number;
  /** When the last refresh started (it may still be running); 0 if never. */
  lastAttemptAt: number;
  refreshing: boolean;
  claims: number;
  /** Summary API: nodes asked in the last refresh. */
  nodes?: number;
  errors: readonly string[];
  unreachable: boolean;
}

/** What one collection found; the source stamps kind, time and duration. */
export type Collected = Pick<UsageSnapshot, "byClaim" | "errors" | "unreachable" | "failedNodes"> & { nodes?: number; loopMs?: number; windowRead?: boolean };
/** `previous`: the last refresh's figures, which a partly failed collection may keep. */
export type Collector = (config: UsageConfig, pause?: Pause, previous?: ReadonlyMap<string, VolumeUsage>) => Promise<Collected>;

/** The real backends: Prometheus when configured, else the Summary API. */
export const collectFromCluster: Collector = async (config, pause, previous) => {
  if (config.kind === "prometheus") return collectPrometheus(config.prometheusUrl!, config.windowMs, config.windowRefreshMs, pause, previous);
  const c = await collectSummary();
  return { byClaim: c.byClaim, errors: c.errors, failedNodes: c.failedNodes, nodes: c.nodes, unreachable: c.nodes > 0 && c.failedNodes.length === c.nodes };
};

export class UsageSource {
  private snapshot: UsageSnapshot;
  private inflight: Promise<UsageSnapshot> | undefined;
  private lastAttemptAt = 0;
  private nodes: number | undefined;
  private listeners = new Set<(changed: string[]) => void>();

  constructor(
    readonly config: UsageConfig,
    private readonly collector: Collector = collectFromCluster,
  ) {
    this.snapshot = { source: config.kind, collectedAt: 0, tookMs: 0, version: 0, byClaim: new Map(), errors: config.problem ? [config.problem] : [] };
  }

  /** The current snapshot; starts a refresh when the last one started refreshMs ago or more. */
  async get(): Promise<UsageSnapshot> {
    if (this.config.kind === "none") return this.snapshot;
    if (Date.now() - this.lastAttemptAt >= this.config.refreshMs) void this.refresh();
    // Served stale while a refresh runs; only readers before the very first figures wait (briefly).
    if (this.snapshot.collectedAt !== 0 || !this.inflight) return this.snapshot;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<UsageSnapshot>((r) => (timer = setTimeout(() => r(this.snapshot), FIRST_WAIT_MS)));
    return Promise.race([this.inflight, waited]).finally(() => clearTimeout(timer));
  }

  /** Called after each collection with the claims whose shown figure changed (lib/usage/changes.ts). */
  onChange(listener: (changed: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Collects now (or joins the collection already running). */
  refresh(): Promise<UsageSnapshot> {
    this.inflight ??= this.collect().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async collect(): Promise<UsageSnapshot> {
    const start = Date.now();
    this.lastAttemptAt = start;
    const source = this.config.kind;
    let next: UsageSnapshot;
    let loopMs: number | undefined;
    let windowRead: boolean | undefined;
    const prev = this.snapshot;
    const versionFor = (byClaim: ReadonlyMap<string, VolumeUsage>) => (prev.collectedAt !== 0 && sameFigures(prev.byClaim, byClaim) ? prev.version : prev.version + 1);
    try {
      // Each answer is parsed and folded in one go (20-50 ms at 10k claims; ~300 ms a refresh on a
      // busy machine). Once there are figures nobody awaits a refresh, so those steps wait for the
      // pages being answered (capped); the first one may have a reader waiting, so it does not.
      const c = await this.collector(this.config, prev.collectedAt === 0 ? undefined : inBackground, prev.byClaim);
      if (c.nodes !== undefined) this.nodes = c.nodes;
      loopMs = c.loopMs;
      windowRead = c.windowRead;
      next = { source, collectedAt: start, tookMs: Date.now() - start, version: versionFor(c.byClaim), byClaim: c.byClaim, errors: c.errors, unreachable: c.unreachable, failedNodes: c.failedNodes };
    } catch (e) {
      const byClaim = new Map<string, VolumeUsage>();
      next = { source, collectedAt: start, tookMs: Date.now() - start, version: versionFor(byClaim), byClaim, errors: [e instanceof Error ? e.message : String(e)], unreachable: true };
    }
    metrics.usageCollect().observe({ source }, next.tookMs / 1000);
    if (next.errors.length) {
      metrics.usageErrors().inc({ source }, next.errors.length);
      log.warn("usage refresh had errors", { source, errors: next.errors.slice(0, 5).join("; "), unreachable: Boolean(next.unreachable) });
    }
    const t0 = performance.now();
    const changed = this.listeners.size ? changedClaims(this.snapshot.byClaim, next.byClaim) : [];
    // Where a refresh's time goes: waiting for the source, or work on this process's loop.
    log.info("usage refreshed", { source, tookMs: next.tookMs, loopMs, windowRead, compareMs: Math.round(performance.now() - t0), claims: next.byClaim.size, version: next.version, changed: changed.length });
    this.snapshot = next;
    for (const l of changed.length ? this.listeners : []) {
      try {
        l(changed);
      } catch (e) {
        log.warn("usage change listener failed", { error: e instanceof Error ? e.message : String(e) });
      }
    }
    return next;
  }

  status(): UsageSourceStatus {
    const s = this.snapshot;
    const c = this.config;
    const description =
      c.kind === "prometheus"
        ? `Prometheus at ${c.prometheusUrl} (kubelet_volume_stats_*; maximum over ${Math.round(c.windowMs / 3_600_000)} h, re-read every ${Math.round(c.windowRefreshMs / 60_000)} min and raised by each refresh in between)`
        : c.kind === "summary"
          ? "kubelet Summary API through the apiserver node proxy (nodes/proxy), one request per node"
          : "none: usage is not collected";
    return {
      kind: c.kind, description, problem: c.problem, refreshMs: c.refreshMs, windowMs: c.windowMs,
      collectedAt: s.collectedAt, tookMs: s.tookMs, lastAttemptAt: this.lastAttemptAt, refreshing: this.inflight !== undefined,
      claims: s.byClaim.size, nodes: c.kind === "summary" ? this.nodes : undefined, errors: s.errors, unreachable: Boolean(s.unreachable),
    };
  }
}

const sourceKey = Symbol.for("bindery.usage-source");
type Holder = { [sourceKey]?: UsageSource };

/** The process's usage source, configured from the environment once (on globalThis for dev reloads). */
export function usageSource(): UsageSource {
  const g = globalThis as Holder;
  g[sourceKey] ??= new UsageSource(usageConfig(process.env));
  return g[sourceKey];
}

export function getUsageSnapshot(): Promise<UsageSnapshot> {
  return usageSource().get();
}

export type UsageCoverage = Record<"known" | UsageUnknownReason, number>;

/** For the admin status page; starts a refresh when the snapshot is due, like any reader. */
export async function usageSourceStatus(): Promise<UsageSourceStatus & { coverage: UsageCoverage }> {
  const src = usageSource();
  const claims = await cached<KubeObject>("persistentvolumeclaims");
  const usage = await usageForClaims(claims.map((c) => ({ namespace: c.metadata.namespace ?? "", name: c.metadata.name })), src);
  const coverage: UsageCoverage = { known: 0, "not-mounted": 0, "no-stats": 0, "no-source": 0, "not-collected": 0 };
  for (const u of usage.values()) coverage[u.known ? "known" : u.reason]++;
  return { ...src.status(), coverage };
}

type RawPod = KubeObject & {
  spec?: { nodeName?: string };
  status?: { phase?: string; containerStatuses?: { state?: { running?: { startedAt?: string | Date } } }[] };
};

/** The pods naming a claim, from the shared pod cache's claim index (no apiserver request). */
async function podsOfClaims(): Promise<(namespace: string, name: string) => RawPod[]> {
  const pods = informer<RawPod>("pods");
  await pods.waitForSync();
  return (namespace, name) => pods.byIndex("claim", claimKey(namespace, name));
}

function factsOf(pods: readonly RawPod[], namespace: string, name: string): ClaimMountFacts {
  const mountedOn: string[] = [];
  let since: number | undefined;
  for (const p of pods) {
    const phase = p.status?.phase ?? "Pending";
    if (phase === "Succeeded" || phase === "Failed" || !p.spec?.nodeName || p.metadata.deletionTimestamp) continue;
    mountedOn.push(p.spec.nodeName);
    const started = p.status?.containerStatuses?.map((c) => c.state?.running?.startedAt).find(Boolean);
    // Not running yet: its volume may be published this very moment, so it counts as new.
    const t = started ? new Date(started).getTime() : Date.now();
    since = since === undefined ? t : Math.min(since, t);
  }
  return { namespace, name, mountedOn, mountedSince: since };
}

export async function claimUsageFor(namespace: string, name: string, source = usageSource()): Promise<ClaimUsage> {
  return (await usageForClaims([{ namespace, name }], source)).get(claimKey(namespace, name))!;
}

/**
 * Usage of many claims (a list page, the status page's coverage of all 10k): one snapshot, one
 * synchronous pass. Pods are looked up only for claims without a figure, which need the reason.
 */
export async function usageForClaims(claims: readonly { namespace: string; name: string }[], source = usageSource()): Promise<Map<string, ClaimUsage>> {
  const [snapshot, podsOf] = await Promise.all([source.get(), podsOfClaims()]);
  const out = new Map<string, ClaimUsage>();
  for (const c of claims) {
    const key = claimKey(c.namespace, c.name);
    const pods = snapshot.byClaim.has(key) ? [] : podsOf(c.namespace, c.name);
    out.set(key, claimUsage(snapshot, factsOf(pods, c.namespace, c.name)));
  }
  return out;
}

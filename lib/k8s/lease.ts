import "server-only";
import { readFileSync } from "node:fs";
import os from "node:os";
import { request } from "./rest";
import { isK8sError } from "./errors";
import { log } from "@/lib/log";
import { registry } from "@/lib/metrics";

/**
 * Leader election on a coordination.k8s.io Lease, so work that must run once per deployment
 * (expiring kept snapshots, future scans) runs on one replica. Same rules as client-go's
 * leaderelection: a lease is free when its holder has not renewed it for leaseDurationSeconds
 * as observed on OUR clock (no cross-machine clock comparison); the leader renews every retry
 * period and steps down if it could not renew for the renew deadline; on shutdown it releases
 * the lease so another replica takes over at its next retry instead of after the full duration.
 */
export interface LeaseConfig {
  name: string;
  namespace: string;
  identity: string;
  leaseDurationS: number;
  renewDeadlineS: number;
  retryS: number;
}

interface Lease {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

function num(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : dflt;
}

function podNamespace(): string | undefined {
  try {
    return readFileSync("/var/run/secrets/kubernetes.io/serviceaccount/namespace", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

export function leaseConfig(env: Record<string, string | undefined> = process.env): LeaseConfig {
  const leaseDurationS = num(env.BINDERY_LEASE_DURATION_SECONDS, 15);
  const renewDeadlineS = Math.min(num(env.BINDERY_LEASE_RENEW_DEADLINE_SECONDS, 10), leaseDurationS);
  return {
    name: env.BINDERY_LEASE_NAME || "bindery-portal-leader",
    namespace: env.BINDERY_LEASE_NAMESPACE || env.POD_NAMESPACE || podNamespace() || "bindery-system",
    identity: env.POD_NAME || `${os.hostname()}-${process.pid}`,
    leaseDurationS,
    renewDeadlineS,
    retryS: Math.min(num(env.BINDERY_LEASE_RETRY_SECONDS, 2), renewDeadlineS),
  };
}

/** MicroTime as the apiserver writes it (RFC 3339 with microseconds). */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export class LeaderElector {
  leader = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastRenew = 0;
  private lastFailure: string | undefined;
  private inflight: Promise<unknown> | undefined;
  // What we last saw in the lease and when (our clock): expiry is judged from this.
  private observed: { holder?: string; renewTime?: string; at: number } = { at: 0 };
  private readonly path: string;

  constructor(
    readonly config: LeaseConfig,
    private readonly onChange: (leader: boolean) => void,
  ) {
    this.path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(config.namespace)}/leases`;
  }

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.inflight = this.tryAcquireOrRenew().then(
        () => (this.lastFailure = undefined),
        (e: unknown) => {
          // Once per distinct failure, not every retry period.
          const error = e instanceof Error ? e.message : String(e);
          if (error !== this.lastFailure) log.warn("lease attempt failed", { lease: this.config.name, error });
          this.lastFailure = error;
        },
      );
      await this.inflight;
      if (this.leader && Date.now() - this.lastRenew > this.config.renewDeadlineS * 1000) {
        this.setLeader(false); // could not renew in time: another replica may already hold it
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.config.retryS * 1000);
    };
    void tick();
  }

  /** Stops electing; a leader hands the lease over by clearing its holder. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inflight; // a renew in flight would otherwise race the release
    if (!this.leader) return;
    this.setLeader(false);
    try {
      const cur = await request<Lease>({ path: `${this.path}/${this.config.name}`, timeoutMs: 2_000 });
      if (cur.spec?.holderIdentity !== this.config.identity) return;
      await request({
        method: "PUT",
        path: `${this.path}/${this.config.name}`,
        body: { ...cur, spec: { ...cur.spec, holderIdentity: "", leaseDurationSeconds: 1, renewTime: microTime(new Date()) } },
        timeoutMs: 2_000,
      });
      log.info("lease released", { lease: this.config.name, identity: this.config.identity });
    } catch (e) {
      log.warn("lease release failed; the next leader waits for it to expire", { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    log.info(leader ? "became leader" : "stopped leading", { lease: this.config.name, identity: this.config.identity });
    this.onChange(leader);
  }

  private spec(prev: Lease["spec"], now: Date): Lease["spec"] {
    const same = prev?.holderIdentity === this.config.identity;
    return {
      holderIdentity: this.config.identity,
      leaseDurationSeconds: this.config.leaseDurationS,
      acquireTime: same && prev?.acquireTime ? prev.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: (prev?.leaseTransitions ?? 0) + (same || !prev?.holderIdentity ? 0 : 1),
    };
  }

  async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    let cur: Lease | undefined;
    try {
      cur = await request<Lease>({ path: `${this.path}/${this.config.name}`, timeoutMs: 5_000 });
    } catch (e) {
      if (!(isK8sError(e) && e.kind === "not-found")) throw e;
    }
    if (!cur) {
      const body = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.config.name }, spec: this.spec(undefined, now) };
      return this.write(request({ method: "POST", path: this.path, body, timeoutMs: 5_000 }));
    }
    const spec = cur.spec ?? {};
    if (spec.holderIdentity !== this.observed.holder || spec.renewTime !== this.observed.renewTime) {
      this.observed = { holder: spec.holderIdentity, renewTime: spec.renewTime, at: Date.now() };
    }
    const mine = spec.holderIdentity === this.config.identity;
    const duration = (spec.leaseDurationSeconds ?? this.config.leaseDurationS) * 1000;
    const held = !!spec.holderIdentity && Date.now() < this.observed.at + duration;
    if (!mine && held) {
      this.setLeader(false);
      return false;
    }
    const body = { ...cur, spec: this.spec(spec, now) };
    return this.write(request({ method: "PUT", path: `${this.path}/${this.config.name}`, body, timeoutMs: 5_000 }));
  }

  private async write(p: Promise<unknown>): Promise<boolean> {
    try {
      await p;
    } catch (e) {
      // Someone else wrote first (409) or created it (409 AlreadyExists): not ours this round.
      if (isK8sError(e) && (e.kind === "conflict" || e.kind === "already-exists")) return false;
      throw e;
    }
    this.lastRenew = Date.now();
    this.setLeader(true);
    return true;
  }
}

const key = Symbol.for("bindery.leader-elector");
type Holder = { [key]?: LeaderElector };

export function currentElector(): LeaderElector | undefined {
  return (globalThis as Holder)[key];
}

/** Starts the process-wide elector once; onChange starts/stops the leader-only jobs. */
export function startLeaderElection(onChange: (leader: boolean) => void, config = leaseConfig()): LeaderElector {
  const g = globalThis as Holder;
  if (g[key]) return g[key];
  const elector = new LeaderElector(config, onChange);
  g[key] = elector;
  registry().gauge("bindery_leader", "1 on the replica that holds the leader Lease and runs the periodic jobs.", [], () => [
    { labels: {}, value: elector.leader ? 1 : 0 },
  ]);
  elector.start();
  return elector;
}

import "server-only";
import { outsideRequest } from "@/lib/log";
import { request } from "./rest";
import { allInformers } from "./informers";

export interface ClusterStatus {
  connected: boolean;
  version: string | undefined;
  /** Last time the portal heard from the apiserver (ms since epoch). */
  lastSyncAt: number | undefined;
  checkedAt: number;
}

const PROBE_MS = 3_000;
const holderKey = Symbol.for("bindery.cluster-status");
type State = { status: ClusterStatus; timer?: NodeJS.Timeout; listeners: Set<(s: ClusterStatus) => void> };
type Holder = { [holderKey]?: State };

function state(): State {
  const g = globalThis as Holder;
  if (!g[holderKey]) {
    g[holderKey] = { status: { connected: false, version: undefined, lastSyncAt: undefined, checkedAt: 0 }, listeners: new Set() };
    const s = g[holderKey];
    outsideRequest(() => startProbe(s));
  }
  return g[holderKey];
}

/**
 * A readiness probe every few seconds: watches alone can sit on a dead connection for a
 * long time, and the stale banner has to appear within 10 s.
 */
function startProbe(s: State): void {
  const probe = async () => {
    let connected = false;
    let version = s.status.version;
    try {
      const v = await request<{ gitVersion?: string }>({ path: "/version", timeoutMs: 2_500 });
      version = v.gitVersion;
      connected = true;
    } catch {
      connected = false;
    }
    const watched = allInformers().map((i) => i.lastSyncAt ?? 0);
    const lastSyncAt = connected ? Date.now() : Math.max(s.status.lastSyncAt ?? 0, ...watched) || undefined;
    const changed = connected !== s.status.connected || version !== s.status.version;
    s.status = { connected, version, lastSyncAt, checkedAt: Date.now() };
    if (changed) for (const l of s.listeners) l(s.status);
  };
  void probe();
  s.timer = setInterval(probe, PROBE_MS);
  s.timer.unref();
}

export function clusterStatus(): ClusterStatus {
  return state().status;
}

export function onClusterStatus(listener: (s: ClusterStatus) => void): () => void {
  const s = state();
  s.listeners.add(listener);
  return () => s.listeners.delete(listener);
}

"use client";

import { useEffect, useState } from "react";
import { useLive } from "./live-provider";

function ago(ms: number | undefined, now: number): string {
  if (!ms) return "never";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

/** Connected / stale dot with apiserver version and last sync, in the header of every page. */
export function ClusterStatusIndicator() {
  const { status, streamDown } = useLive();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const ok = Boolean(status?.connected) && !streamDown;
  return (
    <div data-testid="cluster-status" data-connected={ok ? "true" : "false"} className="flex items-center gap-2 text-xs text-slate-300">
      <span className={`h-2 w-2 rounded-full ${ok ? "bg-emerald-400" : "bg-rose-500"}`} aria-hidden />
      <span>{ok ? "Connected" : "Disconnected"}</span>
      {status?.version ? <span className="hidden sm:inline">· {status.version}</span> : null}
      <span className="hidden md:inline">· synced {ago(status?.lastSyncAt, now)}</span>
    </div>
  );
}

/** Shown on every page while the cluster is unreachable: data on screen is the last known. */
export function StaleBanner() {
  const { status, streamDown, downReason } = useLive();
  if (!status || (status.connected && !streamDown)) return null;
  return (
    <div role="alert" data-testid="stale-banner" className="bg-amber-100 px-4 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
      {streamDown && downReason
        ? `Live updates are paused: ${downReason}`
        : streamDown
        ? "The portal is not reachable. What you see may be out of date."
        : "The Kubernetes API server is unreachable. You are seeing the last known data; changes cannot be submitted until it is back."}
    </div>
  );
}

/** True while forms should refuse to submit. */
export function useClusterWritable(): boolean {
  const { status, streamDown } = useLive();
  return Boolean(status?.connected) && !streamDown;
}

import "server-only";
import { allInformers } from "./informers";
import { request } from "./rest";

/**
 * Readiness for the chart's probe: every shared watch synced and connected, and the apiserver
 * answering. The apiserver check is a cheap GET /version with a short timeout, remembered for
 * a moment so several probes (and replicas' scrapes) do not each cost a request.
 */
const PROBE_TIMEOUT_MS = 2_000;
const PROBE_TTL_MS = 2_000;
let last: { at: number; ok: boolean; error?: string } | undefined;

async function apiserverReachable(): Promise<{ ok: boolean; error?: string }> {
  const now = Date.now();
  if (last && now - last.at < PROBE_TTL_MS) return last;
  try {
    await request({ path: "/version", timeoutMs: PROBE_TIMEOUT_MS });
    last = { at: now, ok: true };
  } catch (e) {
    last = { at: now, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  return last;
}

export interface Readiness {
  ready: boolean;
  apiserver: { ok: boolean; error?: string };
  watches: { type: string; synced: boolean; connected: boolean; error?: string }[];
}

export async function readiness(): Promise<Readiness> {
  const apiserver = await apiserverReachable();
  const watches = allInformers().map((i) => ({ type: i.type.key, synced: i.synced, connected: i.connected, error: i.lastError }));
  const ready = apiserver.ok && watches.length > 0 && watches.every((w) => w.synced && w.connected);
  return { ready, apiserver: { ok: apiserver.ok, error: apiserver.error }, watches };
}

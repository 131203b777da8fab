import "server-only";
import { informer } from "@/lib/k8s/informers";
import type { KubeObject } from "@/lib/k8s/types";
import type { PodLike } from "./types";
import { PodUsage } from "./pod-usage";

/**
 * "Last seen mounted" per claim, fed by the shared pod informer: the fallback for the
 * unused-since time when the cluster does not set the claim's Unused condition. In memory
 * and per process (on globalThis so dev reloads keep it); it starts empty on each start,
 * which the review reports as "not seen mounted since the portal started".
 */
interface State {
  seen: Map<string, number>;
  watchingSince: number;
  /** Which claims pods mount right now, updated per pod event (never a walk over all pods). */
  usage: PodUsage;
}

const key = Symbol.for("bindery.unused.last-seen");
type Holder = { [key]?: State };

const TERMINAL = new Set(["Succeeded", "Failed"]);

function claimsOf(pod: PodLike): string[] {
  const ns = pod.metadata.namespace ?? "";
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName) out.push(`${ns}/${v.persistentVolumeClaim.claimName}`);
    else if (v.ephemeral) out.push(`${ns}/${pod.metadata.name}-${v.name}`);
  }
  return out;
}

function mark(seen: Map<string, number>, pod: PodLike, at: number): void {
  for (const c of claimsOf(pod)) seen.set(c, at);
}

export function lastSeen(): State {
  const g = globalThis as Holder;
  if (g[key]) return g[key];
  const state: State = { seen: new Map(), watchingSince: Date.now(), usage: new PodUsage() };
  g[key] = state;
  const pods = informer<KubeObject & PodLike>("pods");
  // Pods listed before we subscribed (another page started the informer) are mounted now.
  for (const p of pods.list()) {
    state.usage.apply("ADDED", p);
    if (!TERMINAL.has(p.status?.phase ?? "")) mark(state.seen, p, state.watchingSince);
  }
  pods.subscribe(({ type, object, at }) => {
    state.usage.apply(type, object);
    // Any event of an unfinished pod (including its deletion) means: mounted until now.
    if (!TERMINAL.has(object.status?.phase ?? "")) mark(state.seen, object, at);
  });
  informer("persistentvolumeclaims").subscribe(({ type, object }) => {
    if (type === "DELETED") state.seen.delete(`${object.metadata.namespace ?? ""}/${object.metadata.name}`);
  });
  return state;
}

import "server-only";
import { outsideRequest } from "@/lib/log";
import { SharedInformer } from "./informer";
import { readObject } from "./writes";
import { K8sError } from "./errors";
import type { Identity } from "./identity";
import { INDEXES, PROJECTIONS } from "./projections";
import { RESOURCES, type ResourceKey } from "./resources";
import type { KubeObject } from "./types";

const registryKey = Symbol.for("bindery.informers");
type Registry = Map<ResourceKey, SharedInformer<KubeObject>>;
type Holder = { [registryKey]?: Registry };

/** The process-wide registry; on globalThis so dev reloads do not open second watches. */
function registry(): Registry {
  const g = globalThis as Holder;
  g[registryKey] ??= new Map();
  return g[registryKey];
}

export function informer<T extends KubeObject>(key: ResourceKey): SharedInformer<T> {
  const reg = registry();
  let inf = reg.get(key);
  if (!inf) {
    inf = new SharedInformer<KubeObject>(RESOURCES[key], PROJECTIONS[key], INDEXES[key]);
    reg.set(key, inf);
    outsideRequest(() => inf!.start());
  }
  return inf as unknown as SharedInformer<T>;
}

/** Objects of a type from the shared cache, after the first list has arrived. */
export async function cached<T extends KubeObject>(key: ResourceKey): Promise<T[]> {
  const inf = informer<T>(key);
  await inf.waitForSync();
  return inf.list();
}

/**
 * One object: from the shared cache (if `visible` says the person may see it), or, when the
 * watch has not delivered it yet (a page a create just redirected to), one read from the
 * apiserver as `as` so RBAC still decides. Gone, hidden or refused -> undefined.
 */
export async function getOrRead<T extends KubeObject>(
  key: ResourceKey,
  name: string,
  opts: { namespace?: string; as?: Identity; visible?: (o: T) => Promise<boolean> } = {},
): Promise<T | undefined> {
  const inf = informer<T>(key);
  await inf.waitForSync();
  const hit = inf.get(name, opts.namespace);
  if (hit) return !opts.visible || (await opts.visible(hit)) ? hit : undefined;
  try {
    return await readObject<T>(key, name, { as: opts.as, namespace: opts.namespace });
  } catch (e) {
    if (e instanceof K8sError && (e.status === 404 || e.status === 403)) return undefined;
    throw e;
  }
}

export function allInformers(): SharedInformer<KubeObject>[] {
  return [...registry().values()];
}

/** Objects of a type with an index value (pods by claim, events by object…), after the first list. */
export async function cachedBy<T extends KubeObject>(key: ResourceKey, index: string, value: string): Promise<T[]> {
  const inf = informer<T>(key);
  await inf.waitForSync();
  return inf.byIndex(index, value);
}

/** Watches opened by the process so far, per type (benchmarks and /api/health read it). */
export function watchStats(): Record<string, { watchesOpened: number; objects: number; synced: boolean }> {
  const out: Record<string, { watchesOpened: number; objects: number; synced: boolean }> = {};
  for (const [k, inf] of registry()) {
    out[k] = { watchesOpened: inf.watchesOpened, objects: inf.size, synced: inf.synced };
  }
  return out;
}

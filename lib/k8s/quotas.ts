import "server-only";
import type { V1LimitRange, V1ResourceQuota } from "@kubernetes/client-node";
import { cached } from "./informers";
import { parseQuantity } from "@/lib/quantity";
import type { StorageBudget } from "@/lib/validations/claim";
import type { KubeObject } from "./types";

type RawQuota = V1ResourceQuota & KubeObject;
type RawLimits = V1LimitRange & KubeObject;

const CLASS_STORAGE = /^(.+)\.storageclass\.storage\.k8s\.io\/requests\.storage$/;
const CLASS_CLAIMS = /^(.+)\.storageclass\.storage\.k8s\.io\/persistentvolumeclaims$/;

type Pair = { hard: number; used: number };

/** Several quotas may cover the same resource: the one with least room left wins. */
function tighter(a: Pair | undefined, b: Pair): Pair {
  if (!a) return b;
  return b.hard - b.used < a.hard - a.used ? b : a;
}

function pair(q: RawQuota, key: string): Pair | undefined {
  const hard = parseQuantity(q.status?.hard?.[key] ?? q.spec?.hard?.[key]);
  if (hard === undefined) return undefined;
  return { hard, used: parseQuantity(q.status?.used?.[key]) ?? 0 };
}

/** Pure: quotas and limit ranges of one namespace -> what is left for claims. */
export function toBudget(
  namespace: string,
  quotas: RawQuota[],
  limits: RawLimits[],
): StorageBudget {
  const b: StorageBudget = {
    namespace,
    storage: undefined,
    claims: undefined,
    perClass: {},
    limits: { min: undefined, max: undefined },
  };
  for (const q of quotas.filter((x) => x.metadata.namespace === namespace)) {
    const keys = new Set([
      ...Object.keys(q.spec?.hard ?? {}),
      ...Object.keys(q.status?.hard ?? {}),
    ]);
    for (const key of keys) {
      const p = pair(q, key);
      if (!p) continue;
      if (key === "requests.storage") b.storage = tighter(b.storage, p);
      else if (key === "persistentvolumeclaims" || key === "count/persistentvolumeclaims")
        b.claims = tighter(b.claims, p);
      else {
        const s = CLASS_STORAGE.exec(key);
        const c = CLASS_CLAIMS.exec(key);
        if (s?.[1]) (b.perClass[s[1]] ??= {}).storage = tighter(b.perClass[s[1]]?.storage, p);
        if (c?.[1]) (b.perClass[c[1]] ??= {}).claims = tighter(b.perClass[c[1]]?.claims, p);
      }
    }
  }
  for (const lr of limits.filter((x) => x.metadata.namespace === namespace)) {
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== "PersistentVolumeClaim") continue;
      const min = parseQuantity(item.min?.storage);
      const max = parseQuantity(item.max?.storage);
      if (min !== undefined) b.limits.min = Math.max(b.limits.min ?? 0, min);
      if (max !== undefined) b.limits.max = Math.min(b.limits.max ?? Infinity, max);
    }
  }
  return b;
}

/** Budgets for the given namespaces, from the shared cache (the portal may read quotas everywhere). */
export async function storageBudgets(namespaces: string[]): Promise<Record<string, StorageBudget>> {
  const [quotas, limits] = await Promise.all([
    cached<RawQuota>("resourcequotas"),
    cached<RawLimits>("limitranges"),
  ]);
  return Object.fromEntries(namespaces.map((ns) => [ns, toBudget(ns, quotas, limits)]));
}

import "server-only";
import type { V1Pod } from "@kubernetes/client-node";
import { cached, cachedBy } from "./informers";
import { toIso } from "./storage-classes";
import { visibleIn } from "./namespace-scope";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { personScope, scopeAllows } from "./scope";
import { queryCached } from "./sorted-query";
import type { ListPage, ListQuery } from "@/lib/list/query";
import type { CachedListSpec } from "@/lib/list/sorted";
import type { PodSort } from "@/lib/list/specs";

export interface PodRow {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  nodeName: string | undefined;
  claims: string[];
  ready: boolean;
  owner: { kind: string; name: string } | undefined;
  conditions: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
  startedAt: string | undefined;
  /** Why the first container that is not running waits (ContainerCreating, ImagePullBackOff…). */
  waitingReason: string | undefined;
  images: string[];
  createdAt: string | undefined;
  deleting: boolean;
}

type RawPod = V1Pod & KubeObject;

export function toPodRow(pod: RawPod): PodRow {
  const conditions = (pod.status?.conditions ?? []).map((c) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastTransitionTime: toIso(c.lastTransitionTime),
  }));
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  const running = pod.status?.containerStatuses?.find((c) => c.state?.running)?.state?.running;
  return {
    namespace: pod.metadata.namespace ?? "",
    name: pod.metadata.name,
    uid: pod.metadata.uid ?? "",
    phase: pod.status?.phase ?? "Pending",
    nodeName: pod.spec?.nodeName,
    claims: (pod.spec?.volumes ?? [])
      .map((v) => v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.metadata.name}-${v.name}` : undefined))
      .filter((c): c is string => Boolean(c)),
    ready: conditions.some((c) => c.type === "Ready" && c.status === "True"),
    owner: owner ? { kind: owner.kind, name: owner.name } : undefined,
    conditions,
    startedAt: toIso(running?.startedAt),
    waitingReason: pod.status?.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting?.reason,
    images: (pod.spec?.containers ?? []).map((c) => c.image ?? ""),
    createdAt: toIso(pod.metadata.creationTimestamp),
    deleting: Boolean(pod.metadata.deletionTimestamp),
  };
}

export async function listPods(id: Identity, namespace?: string): Promise<PodRow[]> {
  const some = namespace ? await cachedBy<RawPod>("pods", "namespace", namespace) : await cached<RawPod>("pods");
  const mine = await visibleIn(id, some, "pods", "", namespace);
  return mine.map(toPodRow);
}

/** Pods that mount a claim (through a PVC volume or a generic ephemeral volume), from the index. */
export async function podsUsingClaim(id: Identity, namespace: string, claim: string): Promise<PodRow[]> {
  const using = await cachedBy<RawPod>("pods", "claim", `${namespace}/${claim}`);
  return (await visibleIn(id, using, "pods", "", namespace)).map(toPodRow);
}

const created = (o: KubeObject) => -(Date.parse(String(o.metadata.creationTimestamp ?? "")) || 0);
const rawPodSpec: CachedListSpec<RawPod, PodSort> = {
  name: "pods",
  text: (p) => {
    const claims = (p.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName ?? "").join(" ");
    const owner = p.metadata.ownerReferences?.[0]?.name ?? "";
    return `${p.metadata.namespace}/${p.metadata.name} ${p.status?.phase ?? "Pending"} ${p.spec?.nodeName ?? ""} ${claims} ${owner}`;
  },
  keys: {
    // The cache key is "namespace/name": no new string per pod.
    namespace: { key: (_p, id) => id },
    name: { key: (p) => p.metadata.name },
    phase: { key: (p) => p.status?.phase ?? "Pending" },
    node: { key: (p) => p.spec?.nodeName },
    age: { key: created },
  },
};

/**
 * One page of the pods in these namespaces (those the person may list). Walks the cache's kept
 * sort order and converts only the page: 30k pods are never all sorted or turned into rows.
 */
export async function queryPods(id: Identity, namespaces: string[], query: ListQuery<PodSort>): Promise<ListPage<PodRow>> {
  const scope = await personScope(id);
  const allowed = new Set(namespaces.filter((ns) => scopeAllows(scope, "", "pods", ns)));
  const page = await queryCached<RawPod, PodSort>("pods", rawPodSpec, query, (p) => allowed.has(p.metadata.namespace ?? ""));
  return { ...page, items: page.items.map(toPodRow) };
}

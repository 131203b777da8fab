import "server-only";
import type { V1Pod } from "@kubernetes/client-node";
import { cached, cachedBy } from "./informers";
import { toIso } from "./storage-classes";
import { visibleIn } from "./namespace-scope";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { runQuery, type ListPage, type ListQuery, type ListSpec } from "@/lib/list/query";
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
const rawPodSpec: ListSpec<RawPod, PodSort> = {
  text: (p) => {
    const claims = (p.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName ?? "").join(" ");
    const owner = p.metadata.ownerReferences?.[0]?.name ?? "";
    return `${p.metadata.namespace}/${p.metadata.name} ${p.status?.phase ?? "Pending"} ${p.spec?.nodeName ?? ""} ${claims} ${owner}`.toLowerCase();
  },
  keys: {
    namespace: (p) => `${p.metadata.namespace}/${p.metadata.name}`,
    name: (p) => p.metadata.name,
    phase: (p) => p.status?.phase ?? "Pending",
    node: (p) => p.spec?.nodeName,
    age: created,
  },
  id: (p) => `${p.metadata.namespace}/${p.metadata.name}`,
};

/**
 * One page of the pods in these namespaces (those the person may list). Filters and sorts the
 * cached projections and converts only the page: 30k pods are never all turned into rows.
 */
export async function queryPods(id: Identity, namespaces: string[], query: ListQuery<PodSort>): Promise<ListPage<PodRow>> {
  const perNs = await Promise.all(namespaces.map(async (ns) => visibleIn(id, await cachedBy<RawPod>("pods", "namespace", ns), "pods", "", ns)));
  const page = runQuery(perNs.flat(), query, rawPodSpec);
  return { ...page, items: page.items.map(toPodRow) };
}

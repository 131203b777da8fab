import "server-only";
import type { V1Deployment, V1ReplicaSet, V1StatefulSet } from "@kubernetes/client-node";
import { cached } from "./informers";
import { visibleIn } from "./namespace-scope";
import { toIso } from "./storage-classes";
import { createObject, deleteObject } from "./writes";
import { statefulSetClaimNames } from "@/lib/validations/workload";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

export type WorkloadKind = "Deployment" | "StatefulSet";

export interface WorkloadRow {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  uid: string;
  replicas: number;
  readyReplicas: number;
  /** Claims the pods mount: template volumes plus, for a StatefulSet, its per-pod claims. */
  claims: string[];
  /** Owners the pods hang off: the Deployment's ReplicaSets, or the StatefulSet itself. */
  podOwners: string[];
  images: string[];
  strategy: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
}

type RawDeployment = V1Deployment & KubeObject;
type RawStatefulSet = V1StatefulSet & KubeObject;
type RawReplicaSet = V1ReplicaSet & KubeObject;

function templateClaims(spec: RawDeployment["spec"] | RawStatefulSet["spec"]): string[] {
  return (spec?.template.spec?.volumes ?? [])
    .map((v) => v.persistentVolumeClaim?.claimName)
    .filter((c): c is string => Boolean(c));
}

export function toDeploymentRow(d: RawDeployment, replicaSets: RawReplicaSet[]): WorkloadRow {
  const owners = replicaSets
    .filter(
      (rs) =>
        rs.metadata.namespace === d.metadata.namespace &&
        rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid),
    )
    .map((rs) => rs.metadata.name);
  return {
    kind: "Deployment",
    namespace: d.metadata.namespace ?? "",
    name: d.metadata.name,
    uid: d.metadata.uid ?? "",
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    claims: templateClaims(d.spec),
    podOwners: owners,
    images: (d.spec?.template.spec?.containers ?? []).map((c) => c.image ?? ""),
    strategy: d.spec?.strategy?.type,
    createdAt: toIso(d.metadata.creationTimestamp),
    deleting: Boolean(d.metadata.deletionTimestamp),
  };
}

export function toStatefulSetRow(s: RawStatefulSet): WorkloadRow {
  const replicas = s.spec?.replicas ?? 1;
  const perPod = (s.spec?.volumeClaimTemplates ?? []).flatMap((t) =>
    statefulSetClaimNames(t.metadata?.name ?? "", s.metadata.name, replicas),
  );
  return {
    kind: "StatefulSet",
    namespace: s.metadata.namespace ?? "",
    name: s.metadata.name,
    uid: s.metadata.uid ?? "",
    replicas,
    readyReplicas: s.status?.readyReplicas ?? 0,
    claims: [...templateClaims(s.spec), ...perPod],
    podOwners: [s.metadata.name],
    images: (s.spec?.template.spec?.containers ?? []).map((c) => c.image ?? ""),
    strategy: s.spec?.updateStrategy?.type,
    createdAt: toIso(s.metadata.creationTimestamp),
    deleting: Boolean(s.metadata.deletionTimestamp),
  };
}

/** Deployments and StatefulSets the person may list, from the shared caches. */
export async function listWorkloads(id: Identity, namespace?: string): Promise<WorkloadRow[]> {
  const [deps, sets, rss] = await Promise.all([
    cached<RawDeployment>("deployments"),
    cached<RawStatefulSet>("statefulsets"),
    cached<RawReplicaSet>("replicasets"),
  ]);
  const [myDeps, mySets] = await Promise.all([
    visibleIn(id, deps, "deployments", "apps", namespace),
    visibleIn(id, sets, "statefulsets", "apps", namespace),
  ]);
  const rows = [...myDeps.map((d) => toDeploymentRow(d, rss)), ...mySets.map(toStatefulSetRow)];
  return rows
    .filter((w) => !namespace || w.namespace === namespace)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export async function getWorkload(
  id: Identity,
  namespace: string,
  kind: string,
  name: string,
): Promise<WorkloadRow | undefined> {
  return (await listWorkloads(id, namespace)).find(
    (w) => w.kind.toLowerCase() === kind.toLowerCase() && w.name === name,
  );
}

export async function workloadsUsingClaim(
  id: Identity,
  namespace: string,
  claim: string,
): Promise<WorkloadRow[]> {
  return (await listWorkloads(id, namespace)).filter((w) => w.claims.includes(claim));
}

const KEY = { Deployment: "deployments", StatefulSet: "statefulsets" } as const;

export function createWorkload(
  as: Identity,
  kind: WorkloadKind,
  namespace: string,
  body: object,
  dryRun = false,
): Promise<unknown> {
  return createObject(KEY[kind], body, { as, namespace, dryRun });
}

export function deleteWorkload(
  as: Identity,
  kind: WorkloadKind,
  namespace: string,
  name: string,
): Promise<unknown> {
  return deleteObject(KEY[kind], name, { as, namespace });
}

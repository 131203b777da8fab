import "server-only";
import type { V1Deployment, V1ReplicaSet, V1StatefulSet } from "@kubernetes/client-node";
import { cached, cachedBy, getOrRead } from "./informers";
import { visibleIn } from "./namespace-scope";
import { can } from "./access";
import { toIso } from "./storage-classes";
import { createObject, deleteObject, patchObject } from "./writes";
import { statefulSetClaimNames } from "@/lib/validations/workload";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import type { Retention, RetentionRule } from "@/lib/flow/scale-preview";

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
  /** Claims the pod template names directly (shared by every pod). */
  templateClaims: string[];
  /** A StatefulSet's volumeClaimTemplates names (pod i gets <template>-<set>-i). */
  claimTemplates: string[];
  /** A StatefulSet's persistentVolumeClaimRetentionPolicy (defaults: Retain, Retain). */
  retention: Retention;
  /** Owners the pods hang off: the Deployment's ReplicaSets, or the StatefulSet itself. */
  podOwners: string[];
  images: string[];
  strategy: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
  deletedAt?: string | undefined;
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
    templateClaims: templateClaims(d.spec),
    claimTemplates: [],
    retention: { whenDeleted: "Retain", whenScaled: "Retain" },
    podOwners: owners,
    images: (d.spec?.template.spec?.containers ?? []).map((c) => c.image ?? ""),
    strategy: d.spec?.strategy?.type,
    createdAt: toIso(d.metadata.creationTimestamp),
    deleting: Boolean(d.metadata.deletionTimestamp),
    deletedAt: toIso(d.metadata.deletionTimestamp),
  };
}

function rule(v: string | undefined): RetentionRule {
  return v === "Delete" ? "Delete" : "Retain";
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
    templateClaims: templateClaims(s.spec),
    claimTemplates: (s.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata?.name ?? ""),
    retention: {
      whenDeleted: rule(s.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted),
      whenScaled: rule(s.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled),
    },
    podOwners: [s.metadata.name],
    images: (s.spec?.template.spec?.containers ?? []).map((c) => c.image ?? ""),
    strategy: s.spec?.updateStrategy?.type,
    createdAt: toIso(s.metadata.creationTimestamp),
    deleting: Boolean(s.metadata.deletionTimestamp),
    deletedAt: toIso(s.metadata.deletionTimestamp),
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
  const key = kind.toLowerCase() === "statefulset" ? "statefulsets" : kind.toLowerCase() === "deployment" ? "deployments" : undefined;
  if (!key) return undefined;
  // Just created (the request form redirects here) and not cached yet: read once as the person.
  const raw = await getOrRead<RawDeployment & RawStatefulSet>(key, name, {
    namespace,
    as: id,
    visible: async (o) => (await visibleIn(id, [o], key, "apps", namespace)).length > 0,
  });
  if (!raw) return undefined;
  if (key === "statefulsets") return toStatefulSetRow(raw);
  return toDeploymentRow(raw, await cachedBy<RawReplicaSet>("replicasets", "namespace", namespace));
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

/**
 * Deletes exactly the workload that was shown (uid precondition), as the person. Background
 * propagation: the garbage collector removes its ReplicaSets and pods, and a StatefulSet's
 * claims when its retention policy says whenDeleted=Delete.
 */
export function deleteWorkload(
  as: Identity,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  uid?: string,
  dryRun = false,
): Promise<unknown> {
  return deleteObject(KEY[kind], name, {
    as,
    namespace,
    dryRun,
    preconditions: uid ? { uid } : undefined,
  });
}

/** Sets the replica count through the scale subresource (RBAC: patch <kind>/scale), as the person. */
export function scaleWorkload(
  as: Identity,
  kind: WorkloadKind,
  namespace: string,
  name: string,
  replicas: number,
  dryRun = false,
): Promise<unknown> {
  return patchObject(KEY[kind], name, { spec: { replicas } }, { as, namespace, dryRun, subresource: "scale" });
}

export function isWorkloadKind(s: string): s is WorkloadKind {
  return s === "Deployment" || s === "StatefulSet";
}

/** The resource names a SubjectAccessReview asks about for this kind. */
export function workloadResource(kind: WorkloadKind): "deployments" | "statefulsets" {
  return KEY[kind];
}

/** What the person may do to workloads of this kind in this namespace, as the cluster says. */
export async function workloadRights(
  id: Identity,
  kind: WorkloadKind,
  namespace: string,
): Promise<{ scale: boolean; delete: boolean }> {
  const resource = KEY[kind];
  try {
    const [scale, del] = await Promise.all([
      can(id, { verb: "patch", group: "apps", resource, subresource: "scale", namespace }),
      can(id, { verb: "delete", group: "apps", resource, namespace }),
    ]);
    return { scale, delete: del };
  } catch {
    return { scale: false, delete: false }; // cannot ask: offer nothing
  }
}

/** Rights for every (namespace, kind) among the rows, keyed "namespace/Kind": one review each, cached. */
export async function rightsFor(
  id: Identity,
  rows: Pick<WorkloadRow, "namespace" | "kind">[],
): Promise<Record<string, { scale: boolean; delete: boolean }>> {
  const keys = [...new Set(rows.map((w) => `${w.namespace}/${w.kind}`))];
  const out: Record<string, { scale: boolean; delete: boolean }> = {};
  await Promise.all(
    keys.map(async (k) => {
      const [ns, kind] = k.split("/") as [string, WorkloadKind];
      out[k] = await workloadRights(id, kind, ns);
    }),
  );
  return out;
}

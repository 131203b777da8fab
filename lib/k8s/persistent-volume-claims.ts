import "server-only";
import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { cached, informer } from "./informers";
import { toIso } from "./storage-classes";
import { visible } from "./scope";
import { visibleIn } from "./namespace-scope";
import { createObject, deleteObject, patchObject } from "./writes";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import type { LabelSelector } from "@/lib/storage/pv-matching";

export interface ClaimCondition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
  lastTransitionTime: string | undefined;
}

export interface ClaimRow {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  requested: string;
  capacity: string | undefined;
  storageClass: string | undefined;
  volumeName: string | undefined;
  accessModes: string[];
  volumeMode: string;
  selectedNode: string | undefined;
  provisioner: string | undefined;
  labels: Record<string, string>;
  selector: LabelSelector | undefined;
  conditions: ClaimCondition[];
  ownerKinds: string[];
  createdAt: string | undefined;
  deleting: boolean;
  deletedAt?: string | undefined;
  finalizers: string[];
  /** Annotation pv.kubernetes.io/bind-completed: the binder finished the bind. */
  bindCompleted: boolean;
  /** status.allocatedResourceStatuses.storage while a resize is under way. */
  resizeStatus: string | undefined;
}

type RawPVC = V1PersistentVolumeClaim & KubeObject;

export function toClaimRow(pvc: RawPVC): ClaimRow {
  const ann = pvc.metadata.annotations ?? {};
  return {
    namespace: pvc.metadata.namespace ?? "",
    name: pvc.metadata.name,
    uid: pvc.metadata.uid ?? "",
    resourceVersion: pvc.metadata.resourceVersion ?? "",
    phase: pvc.status?.phase ?? "Pending",
    requested: pvc.spec?.resources?.requests?.storage ?? "",
    capacity: pvc.status?.capacity?.storage,
    storageClass: pvc.spec?.storageClassName ?? undefined,
    volumeName: pvc.spec?.volumeName || undefined,
    accessModes: pvc.spec?.accessModes ?? [],
    volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
    selectedNode: ann["volume.kubernetes.io/selected-node"],
    provisioner: ann["volume.kubernetes.io/storage-provisioner"] ?? ann["volume.beta.kubernetes.io/storage-provisioner"],
    labels: pvc.metadata.labels ?? {},
    selector: pvc.spec?.selector
      ? {
          matchLabels: pvc.spec.selector.matchLabels,
          matchExpressions: pvc.spec.selector.matchExpressions?.map((e) => ({ key: e.key, operator: e.operator, values: e.values })),
        }
      : undefined,
    conditions: (pvc.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: toIso(c.lastTransitionTime),
    })),
    ownerKinds: (pvc.metadata.ownerReferences ?? []).map((o) => o.kind),
    createdAt: toIso(pvc.metadata.creationTimestamp),
    deleting: Boolean(pvc.metadata.deletionTimestamp),
    deletedAt: toIso(pvc.metadata.deletionTimestamp),
    finalizers: pvc.metadata.finalizers ?? [],
    bindCompleted: ann["pv.kubernetes.io/bind-completed"] === "yes",
    resizeStatus: pvc.status?.allocatedResourceStatuses?.storage,
  };
}

/** Claims the person may list, from the shared cache. */
export async function listClaims(id: Identity, namespace?: string): Promise<ClaimRow[]> {
  const all = await cached<RawPVC>("persistentvolumeclaims");
  const mine = await visible(id, all, "persistentvolumeclaims");
  return mine
    .filter((c) => !namespace || c.metadata.namespace === namespace)
    .map(toClaimRow)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export async function getClaim(id: Identity, namespace: string, name: string): Promise<ClaimRow | undefined> {
  const inf = informer<RawPVC>("persistentvolumeclaims");
  await inf.waitForSync();
  const pvc = inf.get(name, namespace);
  if (!pvc) return undefined;
  const [ok] = await visibleIn(id, [pvc], "persistentvolumeclaims", "", namespace);
  return ok ? toClaimRow(ok) : undefined;
}

/** Raw claims of all namespaces, for server-side logic that filters later (admin views). */
export async function allClaimRows(): Promise<ClaimRow[]> {
  return (await cached<RawPVC>("persistentvolumeclaims")).map(toClaimRow);
}

/** Creates a claim as the person; dryRun lets admission (quota, limits, validation) answer first. */
export function createClaim(as: Identity, namespace: string, body: object, dryRun = false): Promise<RawPVC> {
  return createObject<RawPVC>("persistentvolumeclaims", body as RawPVC, { as, namespace, dryRun });
}

/** Grows a claim: only spec.resources.requests.storage changes, as the person. */
export function expandClaim(as: Identity, namespace: string, name: string, size: string, dryRun = false): Promise<RawPVC> {
  return patchObject<RawPVC>("persistentvolumeclaims", name, { spec: { resources: { requests: { storage: size } } } }, { as, namespace, dryRun });
}

/** Deletes exactly the claim that was shown (uid precondition), as the person. */
export function deleteClaim(as: Identity, namespace: string, name: string, uid: string | undefined, dryRun = false): Promise<unknown> {
  return deleteObject("persistentvolumeclaims", name, { as, namespace, dryRun, preconditions: uid ? { uid } : undefined });
}

/** The raw cached claim, for server-side derivations that need more than the row. */
export async function cachedClaim(namespace: string, name: string): Promise<RawPVC | undefined> {
  const inf = informer<RawPVC>("persistentvolumeclaims");
  await inf.waitForSync();
  return inf.get(name, namespace);
}

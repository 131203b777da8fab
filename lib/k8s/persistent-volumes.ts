import "server-only";
import type { V1PersistentVolume } from "@kubernetes/client-node";
import { cached, informer } from "./informers";
import { toIso } from "./storage-classes";
import type { KubeObject } from "./types";

export interface PersistentVolumeRow {
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  capacity: string;
  accessModes: string[];
  volumeMode: string;
  reclaimPolicy: string;
  storageClass: string;
  claim: { namespace: string; name: string; uid: string | undefined } | undefined;
  source: { type: string; detail: string };
  mountOptions: string[];
  labels: Record<string, string>;
  nodeAffinity: string | undefined;
  reason: string | undefined;
  message: string | undefined;
  lastPhaseTransitionTime: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
}

type RawPV = V1PersistentVolume & KubeObject;

function sourceOf(spec: NonNullable<V1PersistentVolume["spec"]>): { type: string; detail: string } {
  if (spec.hostPath) return { type: "hostPath", detail: spec.hostPath.path };
  if (spec.local) return { type: "local", detail: spec.local.path };
  if (spec.nfs) return { type: "nfs", detail: `${spec.nfs.server}:${spec.nfs.path}` };
  if (spec.csi) return { type: "csi", detail: `${spec.csi.driver} ${spec.csi.volumeHandle}` };
  return { type: "other", detail: "" };
}

export function toPersistentVolumeRow(pv: RawPV): PersistentVolumeRow {
  const spec = pv.spec ?? {};
  const ref = spec.claimRef;
  const terms = spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  const affinity = terms
    .flatMap((t) => t.matchExpressions ?? [])
    .map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join(",")}`)
    .join("; ");
  return {
    name: pv.metadata.name,
    uid: pv.metadata.uid ?? "",
    resourceVersion: pv.metadata.resourceVersion ?? "",
    phase: pv.status?.phase ?? "Pending",
    capacity: spec.capacity?.storage ?? "",
    accessModes: spec.accessModes ?? [],
    volumeMode: spec.volumeMode ?? "Filesystem",
    reclaimPolicy: spec.persistentVolumeReclaimPolicy ?? "Retain",
    storageClass: spec.storageClassName ?? "",
    claim: ref?.name ? { namespace: ref.namespace ?? "", name: ref.name, uid: ref.uid } : undefined,
    source: sourceOf(spec),
    mountOptions: spec.mountOptions ?? [],
    labels: pv.metadata.labels ?? {},
    nodeAffinity: affinity || undefined,
    reason: pv.status?.reason,
    message: pv.status?.message,
    lastPhaseTransitionTime: toIso(pv.status?.lastPhaseTransitionTime),
    createdAt: toIso(pv.metadata.creationTimestamp),
    deleting: Boolean(pv.metadata.deletionTimestamp),
  };
}

export async function listPersistentVolumes(): Promise<PersistentVolumeRow[]> {
  const items = await cached<RawPV>("persistentvolumes");
  return items.map(toPersistentVolumeRow).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getPersistentVolume(name: string): Promise<PersistentVolumeRow | undefined> {
  const inf = informer<RawPV>("persistentvolumes");
  await inf.waitForSync();
  const pv = inf.get(name);
  return pv ? toPersistentVolumeRow(pv) : undefined;
}

import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import type { StorageClassRow } from "@/lib/k8s/storage-classes";
import type { WorkloadRow } from "@/lib/k8s/workloads";
import { parseQuantity } from "@/lib/quantity";
import type { ListSpec } from "./query";
import { usageSortKey } from "@/lib/usage/filter";
import { claimKey, type VolumeUsage } from "@/lib/usage/types";

/**
 * What each list searches and sorts by. Claims and pods are sorted on the cached objects in
 * their kind modules (only the page becomes rows); their sort names live here.
 */

const nsName = (r: { namespace: string; name: string }) => `${r.namespace}/${r.name}`;
const time = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);

export const CLAIM_SORTS = ["namespace", "name", "phase", "size", "class", "volume", "age", "usage"] as const;
export type ClaimSort = (typeof CLAIM_SORTS)[number];
export const VOLUME_SORTS = ["name", "phase", "capacity", "class", "claim", "reclaim", "age", "released", "usage"] as const;
export type VolumeSort = (typeof VOLUME_SORTS)[number];
export const volumeSpec: ListSpec<PersistentVolumeRow, VolumeSort> = {
  text: (p) => `${p.name} ${p.storageClass} ${p.claim ? `${p.claim.namespace}/${p.claim.name}` : ""} ${p.source.detail}`.toLowerCase(),
  keys: {
    name: (p) => p.name,
    phase: (p) => p.phase,
    capacity: (p) => parseQuantity(p.capacity),
    class: (p) => p.storageClass,
    claim: (p) => (p.claim ? `${p.claim.namespace}/${p.claim.name}` : undefined),
    reclaim: (p) => p.reclaimPolicy,
    age: (p) => -(time(p.createdAt) ?? 0),
    // Longest in its phase first: the ones to look at when cleaning up.
    released: (p) => time(p.lastPhaseTransitionTime),
    // Percent used of its claim's volume; set per request from the usage snapshot (withVolumeUsage).
    usage: () => undefined,
  },
  id: (p) => p.name,
};

/** volumeSpec whose "usage" key reads the shared usage snapshot: one Map lookup per row. */
export function withVolumeUsage(spec: ListSpec<PersistentVolumeRow, VolumeSort>, usage: ReadonlyMap<string, VolumeUsage>): ListSpec<PersistentVolumeRow, VolumeSort> {
  return { ...spec, keys: { ...spec.keys, usage: (p) => usageSortKey(p.claim ? usage.get(claimKey(p.claim.namespace, p.claim.name)) : undefined) } };
}

export const CLASS_SORTS = ["name", "provisioner", "reclaim", "binding", "age"] as const;
export type ClassSort = (typeof CLASS_SORTS)[number];
export const storageClassSpec: ListSpec<StorageClassRow, ClassSort> = {
  text: (c) => `${c.name} ${c.provisioner} ${c.description}`.toLowerCase(),
  keys: {
    name: (c) => c.name,
    provisioner: (c) => c.provisioner,
    reclaim: (c) => c.reclaimPolicy,
    binding: (c) => c.volumeBindingMode,
    age: (c) => -(time(c.createdAt) ?? 0),
  },
  id: (c) => c.name,
};

export const WORKLOAD_SORTS = ["namespace", "name", "kind", "ready", "age"] as const;
export type WorkloadSort = (typeof WORKLOAD_SORTS)[number];
export const workloadSpec: ListSpec<WorkloadRow, WorkloadSort> = {
  text: (w) => `${w.namespace}/${w.name} ${w.kind} ${w.claims.join(" ")} ${w.images.join(" ")}`.toLowerCase(),
  keys: {
    namespace: nsName,
    name: (w) => w.name,
    kind: (w) => w.kind,
    ready: (w) => (w.replicas ? w.readyReplicas / w.replicas : 1),
    age: (w) => -(time(w.createdAt) ?? 0),
  },
  id: (w) => `${w.namespace}/${w.kind}/${w.name}`,
};

export const POD_SORTS = ["namespace", "name", "phase", "node", "age"] as const;
export type PodSort = (typeof POD_SORTS)[number];

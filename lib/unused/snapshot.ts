import "server-only";
import { informer } from "@/lib/k8s/informers";
import { K8sError } from "@/lib/k8s/errors";
import { cachedWorkloads, WORKLOAD_RESOURCES } from "@/lib/k8s/workloads-read";
import type { ResourceKey } from "@/lib/k8s/resources";
import type { KubeObject } from "@/lib/k8s/types";
import type { Snapshot } from "./classify";
import { lastSeen } from "./last-seen";
import type { EventLike, PVCLike, PVLike, StorageClassLike } from "./types";

/** Thrown while the shared caches are still filling: a partial pod list would make mounted claims look unused. */
export class NotSyncedError extends K8sError {
  constructor() {
    super("unavailable", 503, "The portal is still loading the cluster's objects; the review appears in a moment.");
  }
}

const SNAPSHOT_TYPES: ResourceKey[] = ["persistentvolumes", "persistentvolumeclaims", "pods", "storageclasses", "events", ...WORKLOAD_RESOURCES.map(([k]) => k)];

export async function snapshot(): Promise<Snapshot> {
  const seen = lastSeen();
  await Promise.all(SNAPSHOT_TYPES.map((k) => informer(k).waitForSync(30_000)));
  if (SNAPSHOT_TYPES.some((k) => !informer(k).synced)) throw new NotSyncedError();
  const list = (k: ResourceKey) => informer<KubeObject>(k).list();
  return {
    // The cache holds the apiserver's JSON: the plain shapes describe exactly that.
    pvs: list("persistentvolumes") as unknown as PVLike[],
    claims: list("persistentvolumeclaims") as unknown as PVCLike[],
    pods: [],
    podIndex: seen.usage,
    classes: list("storageclasses") as unknown as StorageClassLike[],
    events: list("events") as unknown as EventLike[],
    workloads: await cachedWorkloads(),
    lastSeenMounted: seen.seen,
    watchingSince: seen.watchingSince,
  };
}

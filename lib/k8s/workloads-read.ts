import "server-only";
import { cached } from "./informers";
import type { ResourceKey } from "./resources";
import type { KubeObject } from "./types";
import type { WorkloadKind, WorkloadLike } from "@/lib/unused/types";
import { buildWorkloadRefs, byOwnerFirst, workloadUsing, type WorkloadUse } from "@/lib/unused/workload-refs";

/**
 * Read-only view of workload templates from the shared cache, for "who would mount this
 * claim". (Creating workloads lives in workloads.ts; this file never writes.)
 */
export const WORKLOAD_RESOURCES: [ResourceKey, WorkloadKind][] = [
  ["deployments", "Deployment"],
  ["statefulsets", "StatefulSet"],
  ["daemonsets", "DaemonSet"],
  ["cronjobs", "CronJob"],
  ["jobs", "Job"],
  ["replicasets", "ReplicaSet"],
];

/** Every workload in the cache, tagged with its kind (list items carry none). */
export async function cachedWorkloads(): Promise<WorkloadLike[]> {
  const lists = await Promise.all(
    WORKLOAD_RESOURCES.map(async ([key, kind]) =>
      (await cached<KubeObject & { spec?: WorkloadLike["spec"] }>(key)).map((o): WorkloadLike => ({ kind, metadata: o.metadata, spec: o.spec })),
    ),
  );
  return lists.flat().sort(byOwnerFirst);
}

/** The workload whose template mounts this claim (including StatefulSet ordinals), if any. */
export async function workloadReferencing(namespace: string, claim: string): Promise<WorkloadUse | undefined> {
  const inNs = (await cachedWorkloads()).filter((w) => w.metadata.namespace === namespace);
  return workloadUsing(buildWorkloadRefs(inNs), namespace, claim);
}

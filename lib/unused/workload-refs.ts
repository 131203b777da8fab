import type { PodVolumeLike, WorkloadKind, WorkloadLike } from "./types";

/** A workload that would mount a claim if it ran (or ran again). */
export interface WorkloadUse {
  kind: WorkloadKind;
  name: string;
}

/**
 * Claim references from workload templates, indexed for O(1) lookups:
 * exact names per namespace, and StatefulSet ordinal prefixes (`<template>-<set>-`).
 */
export interface WorkloadRefIndex {
  exact: Map<string, WorkloadUse>;
  /** namespace -> [prefix, use]; a claim `<prefix><digits>` belongs to the set. */
  ordinal: Map<string, [string, WorkloadUse][]>;
}

function templateVolumes(w: WorkloadLike): PodVolumeLike[] {
  if (w.kind === "CronJob") return w.spec?.jobTemplate?.spec?.template?.spec?.volumes ?? [];
  return w.spec?.template?.spec?.volumes ?? [];
}

export function buildWorkloadRefs(workloads: WorkloadLike[]): WorkloadRefIndex {
  const exact = new Map<string, WorkloadUse>();
  const ordinal = new Map<string, [string, WorkloadUse][]>();
  for (const w of workloads) {
    const ns = w.metadata.namespace ?? "";
    const use: WorkloadUse = { kind: w.kind, name: w.metadata.name };
    for (const v of templateVolumes(w)) {
      const claim = v.persistentVolumeClaim?.claimName;
      // First writer wins; a Deployment is a better explanation than its ReplicaSet.
      if (claim && !exact.has(`${ns}/${claim}`)) exact.set(`${ns}/${claim}`, use);
    }
    if (w.kind === "StatefulSet") {
      for (const t of w.spec?.volumeClaimTemplates ?? []) {
        const tpl = t.metadata?.name;
        if (!tpl) continue;
        const list = ordinal.get(ns) ?? [];
        list.push([`${tpl}-${w.metadata.name}-`, use]);
        ordinal.set(ns, list);
      }
    }
  }
  return { exact, ordinal };
}

const ORDINAL = /^\d+$/;

/** The workload whose template refers to this claim, if any. */
export function workloadUsing(index: WorkloadRefIndex, namespace: string, claim: string): WorkloadUse | undefined {
  const hit = index.exact.get(`${namespace}/${claim}`);
  if (hit) return hit;
  for (const [prefix, use] of index.ordinal.get(namespace) ?? []) {
    // Every ordinal counts, including those of a set scaled to 0: scaling up remounts them.
    if (claim.startsWith(prefix) && ORDINAL.test(claim.slice(prefix.length))) return use;
  }
  return undefined;
}

/** Sort order so Deployments/StatefulSets/CronJobs are indexed before the objects they own. */
const KIND_ORDER: Record<WorkloadKind, number> = { Deployment: 0, StatefulSet: 1, DaemonSet: 2, CronJob: 3, Job: 4, ReplicaSet: 5 };

export function byOwnerFirst(a: WorkloadLike, b: WorkloadLike): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

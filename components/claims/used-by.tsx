import Link from "next/link";
import type { PodRow } from "@/lib/k8s/pods";
import type { WorkloadRow } from "@/lib/k8s/workloads";
import { PhaseBadge } from "@/components/ui/badge";

export function workloadHref(w: Pick<WorkloadRow, "namespace" | "kind" | "name">): string {
  return `/workloads/${encodeURIComponent(w.namespace)}/${w.kind.toLowerCase()}/${encodeURIComponent(w.name)}`;
}

/** Pods and workloads that mount a claim. */
export function UsedBy({ pods, workloads }: { pods: PodRow[]; workloads: WorkloadRow[] }) {
  if (pods.length === 0 && workloads.length === 0)
    return <p className="text-sm text-slate-500">No pod or workload mounts this claim.</p>;
  return (
    <div className="space-y-3 text-sm">
      {workloads.length ? (
        <ul aria-label="Workloads using this claim" className="space-y-1">
          {workloads.map((w) => (
            <li key={`${w.kind}/${w.name}`}>
              <Link href={workloadHref(w)} className="font-medium text-indigo-700 hover:underline">
                {w.kind} {w.name}
              </Link>{" "}
              <span className="text-slate-500">
                {w.readyReplicas}/{w.replicas} ready
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {pods.length ? (
        <ul className="space-y-1" aria-label="Pods using this claim">
          {pods.map((pod) => (
            <li key={pod.name} className="flex items-center gap-2">
              <PhaseBadge phase={pod.phase} deleting={pod.deleting} />
              <span className="font-medium">{pod.name}</span>
              {pod.nodeName ? <span className="text-slate-500">on {pod.nodeName}</span> : null}
              {pod.owner ? (
                <span className="text-slate-500">
                  ({pod.owner.kind} {pod.owner.name})
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

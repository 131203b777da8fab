import type { WorkloadRow } from "@/lib/k8s/workloads";
import { ButtonLink } from "@/components/ui/button";
import { workloadHref } from "@/components/claims/used-by";

/** Scale and delete links, offered only where the cluster's access review allows them. */
export function WorkloadActions({
  workload: w,
  rights,
  compact = false,
}: {
  workload: Pick<WorkloadRow, "namespace" | "kind" | "name" | "deleting">;
  rights: { scale: boolean; delete: boolean };
  compact?: boolean;
}) {
  if (w.deleting || (!rights.scale && !rights.delete)) return compact ? <span className="text-slate-400">—</span> : null;
  const base = workloadHref(w);
  const size = compact ? "px-2 py-0.5 text-xs" : undefined;
  return (
    <span className="inline-flex gap-2">
      {rights.scale ? (
        <ButtonLink href={`${base}/scale`} variant="secondary" className={size}>
          Scale…
        </ButtonLink>
      ) : null}
      {rights.delete ? (
        <ButtonLink href={`${base}/delete`} variant="danger" className={size}>
          Delete…
        </ButtonLink>
      ) : null}
    </span>
  );
}

import Link from "next/link";
import type { WorkloadRow } from "@/lib/k8s/workloads";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { workloadHref } from "@/components/claims/used-by";
import { WorkloadActions } from "./workload-actions";
import { SortTh, type ListView } from "@/components/ui/list-controls";

export function WorkloadTable({
  rows,
  view,
  rights = {},
}: {
  rows: WorkloadRow[];
  view?: ListView;
  /** What the person may do, keyed "namespace/Kind" (from rightsFor). */
  rights?: Record<string, { scale: boolean; delete: boolean }>;
}) {
  // With a `view` the headers sort on the server (the page holds one page of rows).
  const h = (col: string, label: string) => (view ? <SortTh view={view} col={col} label={label} /> : <Th>{label}</Th>);
  return (
    <Table label="Workloads">
      <thead className="bg-slate-50">
        <tr>
          {h("namespace", "Namespace")}
          {h("name", "Workload")}
          {h("kind", "Kind")}
          {h("ready", "Ready")}
          <Th>Claims</Th>
          <Th>Image</Th>
          {h("age", "Age")}
          <Th>Actions</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((w) => (
          <tr
            key={`${w.namespace}/${w.kind}/${w.name}`}
            data-testid={`workload-row-${w.namespace}-${w.name}`}
          >
            <Td>{w.namespace}</Td>
            <Td>
              <Link href={workloadHref(w)} className="font-medium text-indigo-700 hover:underline">
                {w.name}
              </Link>
            </Td>
            <Td>{w.kind}</Td>
            <Td>
              {w.readyReplicas}/{w.replicas}
            </Td>
            <Td>
              {w.claims.length
                ? w.claims.map((c, i) => (
                    <span key={c}>
                      {i ? ", " : ""}
                      <Link
                        className="text-indigo-700 hover:underline"
                        href={`/claims/${encodeURIComponent(w.namespace)}/${encodeURIComponent(c)}`}
                      >
                        {c}
                      </Link>
                    </span>
                  ))
                : "—"}
            </Td>
            <Td className="font-mono text-xs">{w.images.join(", ")}</Td>
            <Td>
              <TimeAgo iso={w.createdAt} />
            </Td>
            <Td>
              <WorkloadActions workload={w} rights={rights[`${w.namespace}/${w.kind}`] ?? { scale: false, delete: false }} compact />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

import Link from "next/link";
import type { StorageClassRow } from "@/lib/k8s/storage-classes";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { SortTh, type ListView } from "@/components/ui/list-controls";

export function StorageClassTable({ rows, usage, view }: { rows: StorageClassRow[]; usage?: Record<string, { volumes: number; claims: number }>; view?: ListView }) {
  const h = (col: string, label: string) => (view ? <SortTh view={view} col={col} label={label} /> : <Th>{label}</Th>);
  return (
    <Table label="Storage classes">
      <thead className="bg-slate-50">
        <tr>
          {h("name", "Name")}
          {h("provisioner", "Provisioner")}
          {h("reclaim", "Reclaim")}
          {h("binding", "Binding")}
          <Th>Expansion</Th>
          {usage ? <Th>In use</Th> : null}
          {h("age", "Age")}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((sc) => (
          <tr key={sc.name} data-testid={`sc-row-${sc.name}`}>
            <Td>
              <Link href={`/admin/storage-classes/${encodeURIComponent(sc.name)}`} className="font-medium text-indigo-700 hover:underline">
                {sc.name}
              </Link>{" "}
              {sc.isDefault ? <Badge tone="blue">default</Badge> : null}
              {sc.description ? <p className="text-xs text-slate-500">{sc.description}</p> : null}
            </Td>
            <Td className="font-mono text-xs">{sc.provisioner}</Td>
            <Td>{sc.reclaimPolicy}</Td>
            <Td>{sc.volumeBindingMode}</Td>
            <Td>{sc.allowVolumeExpansion ? "yes" : "no"}</Td>
            {usage ? (
              <Td className="text-xs text-slate-600">
                {usage[sc.name]?.volumes ?? 0} volumes · {usage[sc.name]?.claims ?? 0} claims
              </Td>
            ) : null}
            <Td>
              <TimeAgo iso={sc.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

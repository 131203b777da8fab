import Link from "next/link";
import type { ClaimRow } from "@/lib/k8s/persistent-volume-claims";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";

export function claimHref(c: Pick<ClaimRow, "namespace" | "name">): string {
  return `/claims/${encodeURIComponent(c.namespace)}/${encodeURIComponent(c.name)}`;
}

export function ClaimTable({ rows, showNamespace = true }: { rows: ClaimRow[]; showNamespace?: boolean }) {
  return (
    <Table label="Persistent volume claims">
      <thead className="bg-slate-50">
        <tr>
          {showNamespace ? <Th>Namespace</Th> : null}
          <Th>Name</Th>
          <Th>Status</Th>
          <Th>Size</Th>
          <Th>Class</Th>
          <Th>Volume</Th>
          <Th>Access</Th>
          <Th>Age</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((c) => (
          <tr key={`${c.namespace}/${c.name}`} data-testid={`pvc-row-${c.namespace}-${c.name}`}>
            {showNamespace ? <Td>{c.namespace}</Td> : null}
            <Td>
              <Link href={claimHref(c)} className="font-medium text-indigo-700 hover:underline">
                {c.name}
              </Link>
            </Td>
            <Td>
              <PhaseBadge phase={c.phase} deleting={c.deleting} />
            </Td>
            <Td>{c.capacity ?? c.requested}</Td>
            <Td>{c.storageClass ?? "—"}</Td>
            <Td className="font-mono text-xs">{c.volumeName ?? "—"}</Td>
            <Td>{c.accessModes.join(", ")}</Td>
            <Td>
              <TimeAgo iso={c.createdAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

import Link from "next/link";
import type { ClaimRow } from "@/lib/k8s/persistent-volume-claims";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { SortTh, type ListView } from "@/components/ui/list-controls";
import { UsageMeter } from "@/components/usage/usage-meter";
import { claimKey, type ClaimUsage } from "@/lib/usage/types";

export function claimHref(c: Pick<ClaimRow, "namespace" | "name">): string {
  return `/claims/${encodeURIComponent(c.namespace)}/${encodeURIComponent(c.name)}`;
}

/** Where "grow it" leads: the expansion form on the claim's page. */
export function growHref(c: Pick<ClaimRow, "namespace" | "name">): string {
  return `${claimHref(c)}#expand`;
}

/** Per-row usage for the "Used" column (looked up once for the page) and classes that can grow. */
export interface TableUsage {
  usage: ReadonlyMap<string, ClaimUsage>;
  expandable: ReadonlySet<string>;
}

/** One page of claims; with a `view`, the headers sort on the server; with `usage`, a Used column. */
export function ClaimTable({ rows, showNamespace = true, view, usage }: { rows: ClaimRow[]; showNamespace?: boolean; view?: ListView; usage?: TableUsage }) {
  const h = (col: string, label: string) => (view ? <SortTh view={view} col={col} label={label} /> : <Th>{label}</Th>);
  return (
    <Table label="Persistent volume claims">
      <thead className="bg-slate-50">
        <tr>
          {showNamespace ? h("namespace", "Namespace") : null}
          {h("name", "Name")}
          {h("phase", "Status")}
          {h("size", "Size")}
          {usage ? h("usage", "Used") : null}
          {h("class", "Class")}
          {h("volume", "Volume")}
          <Th>Access</Th>
          {h("age", "Age")}
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
            {usage ? (
              <Td>
                <UsageMeter
                  compact
                  name={c.name}
                  usage={usage.usage.get(claimKey(c.namespace, c.name))}
                  growHref={c.phase === "Bound" && !c.deleting && c.storageClass && usage.expandable.has(c.storageClass) ? growHref(c) : undefined}
                />
              </Td>
            ) : null}
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

import Link from "next/link";
import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { SortTh, type ListView } from "@/components/ui/list-controls";
import { UsageMeter } from "@/components/usage/usage-meter";
import { claimKey, type ClaimUsage } from "@/lib/usage/types";

/** With `usage` (its bound claim's figure, looked up once for the page), a Used column. */
export function VolumeTable({ rows, actions = false, view, usage }: { rows: PersistentVolumeRow[]; actions?: boolean; view?: ListView; usage?: ReadonlyMap<string, ClaimUsage> }) {
  const h = (col: string, label: string) => (view ? <SortTh view={view} col={col} label={label} /> : <Th>{label}</Th>);
  return (
    <Table label="Persistent volumes">
      <thead className="bg-slate-50">
        <tr>
          {h("name", "Name")}
          {h("phase", "Phase")}
          {h("capacity", "Capacity")}
          {usage ? h("usage", "Used") : null}
          {h("claim", "Claim")}
          {h("class", "Class")}
          {h("reclaim", "Reclaim")}
          <Th>Source</Th>
          {h("age", "Age")}
          {actions ? <Th><span className="sr-only">Actions</span></Th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((pv) => {
          const href = `/admin/volumes/${encodeURIComponent(pv.name)}`;
          const released = pv.phase === "Released";
          return (
            <tr key={pv.name} data-testid={`pv-row-${pv.name}`}>
              <Td>
                <Link href={href} className="font-medium text-indigo-700 hover:underline">
                  {pv.name}
                </Link>
              </Td>
              <Td>
                <PhaseBadge phase={pv.phase} deleting={pv.deleting} />
                {released ? (
                  <p className="text-xs text-slate-500">
                    released <TimeAgo iso={pv.lastPhaseTransitionTime} /> ago
                  </p>
                ) : null}
              </Td>
              <Td>{pv.capacity}</Td>
              {usage ? (
                <Td>
                  {pv.phase === "Bound" && pv.claim ? <UsageMeter compact name={pv.name} usage={usage.get(claimKey(pv.claim.namespace, pv.claim.name))} /> : <span className="text-xs text-slate-500">not in use</span>}
                </Td>
              ) : null}
              <Td>
                {pv.claim ? (
                  <span className={released ? "text-slate-500" : ""}>
                    {released ? "was " : pv.phase === "Available" ? "reserved for " : ""}
                    {pv.claim.namespace}/{pv.claim.name}
                  </span>
                ) : (
                  "—"
                )}
              </Td>
              <Td>{pv.storageClass || "—"}</Td>
              <Td>{pv.reclaimPolicy}</Td>
              <Td className="font-mono text-xs">
                {pv.source.type} {pv.source.detail}
              </Td>
              <Td>
                <TimeAgo iso={pv.createdAt} />
              </Td>
              {actions ? (
                <Td className="space-x-3 text-xs">
                  {released && !pv.deleting ? (
                    <Link className="text-indigo-700 hover:underline" href={`${href}/make-available`}>
                      Make available
                    </Link>
                  ) : null}
                  {!pv.deleting ? (
                    <Link className="text-rose-700 hover:underline" href={`${href}/delete`}>
                      Delete
                    </Link>
                  ) : null}
                </Td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

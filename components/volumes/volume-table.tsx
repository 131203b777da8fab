import Link from "next/link";
import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";

export function VolumeTable({ rows, actions = false }: { rows: PersistentVolumeRow[]; actions?: boolean }) {
  return (
    <Table label="Persistent volumes">
      <thead className="bg-slate-50">
        <tr>
          <Th>Name</Th>
          <Th>Phase</Th>
          <Th>Capacity</Th>
          <Th>Claim</Th>
          <Th>Class</Th>
          <Th>Reclaim</Th>
          <Th>Source</Th>
          <Th>Age</Th>
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

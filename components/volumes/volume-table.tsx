import Link from "next/link";
import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";

export function VolumeTable({ rows }: { rows: PersistentVolumeRow[] }) {
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
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((pv) => (
          <tr key={pv.name} data-testid={`pv-row-${pv.name}`}>
            <Td>
              <Link href={`/admin/volumes/${encodeURIComponent(pv.name)}`} className="font-medium text-indigo-700 hover:underline">
                {pv.name}
              </Link>
            </Td>
            <Td>
              <PhaseBadge phase={pv.phase} deleting={pv.deleting} />
              {pv.phase === "Released" ? (
                <p className="text-xs text-slate-500">
                  released <TimeAgo iso={pv.lastPhaseTransitionTime} /> ago
                </p>
              ) : null}
            </Td>
            <Td>{pv.capacity}</Td>
            <Td>
              {pv.claim ? (
                <span className={pv.phase === "Released" ? "text-slate-500" : ""}>
                  {pv.phase === "Released" ? "was " : ""}
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
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

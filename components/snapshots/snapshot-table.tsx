import Link from "next/link";
import type { SnapshotRow } from "@/lib/k8s/volume-snapshots";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { RestoreButton } from "./restore-button";

export function SnapshotStateBadge({ s }: { s: Pick<SnapshotRow, "readyToUse" | "error" | "deleting"> }) {
  if (s.deleting) return <Badge tone="gray">deleting</Badge>;
  if (s.readyToUse) return <Badge tone="green">ready</Badge>;
  if (s.error) return <Badge tone="red">error</Badge>;
  return <Badge tone="yellow">not ready</Badge>;
}

/** Snapshots with their source claim, class, readiness, restore size, age and error. */
export function SnapshotTable({ rows, showNamespace, now }: { rows: SnapshotRow[]; showNamespace: boolean; now: Date }) {
  const today = now.toISOString().slice(0, 10);
  return (
    <Table label="Snapshots">
      <thead>
        <tr>
          {showNamespace ? <Th>Namespace</Th> : null}
          <Th>Name</Th>
          <Th>Source claim</Th>
          <Th>Class</Th>
          <Th>State</Th>
          <Th>Restore size</Th>
          <Th>Created</Th>
          <Th>Kept until</Th>
          <Th>Error</Th>
          <Th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((s) => (
          <tr key={s.uid} data-testid="snapshot-row">
            {showNamespace ? <Td>{s.namespace}</Td> : null}
            <Td>
              <Link className="font-medium text-indigo-700 hover:underline" href={`/snapshots/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}`}>
                {s.name}
              </Link>
            </Td>
            <Td>{s.sourceClaim ?? "—"}</Td>
            <Td>{s.className ?? "(default)"}</Td>
            <Td>
              <SnapshotStateBadge s={s} />
            </Td>
            <Td>{s.restoreSize ?? "—"}</Td>
            <Td>
              <TimeAgo iso={s.createdAt} />
            </Td>
            <Td>
              {s.kept ? (
                <span title={`kept by ${s.kept.by} from claim ${s.kept.fromClaim}`}>
                  {s.kept.until} {s.kept.until && s.kept.until < today ? <Badge tone="red">expired</Badge> : null}
                </span>
              ) : (
                "—"
              )}
            </Td>
            <Td className="max-w-xs truncate whitespace-normal text-rose-700">{s.error?.message ?? ""}</Td>
            <Td>
              {s.kept && s.readyToUse && s.sourceStorageClass && s.restoreSize ? (
                <RestoreButton
                  hidden={{ namespace: s.namespace, snapshot: s.name, name: s.kept.fromClaim, storageClass: s.sourceStorageClass, size: s.restoreSize, restoreSize: s.restoreSize, accessModes: s.sourceAccessModes.join(",") || "ReadWriteOnce" }}
                />
              ) : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

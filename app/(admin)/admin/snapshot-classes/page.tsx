import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { deletionPolicyText, driversWithSeveralDefaults, snapshotUnavailableReason } from "@/lib/storage/snapshots";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { CsiTabs } from "@/components/csi/csi-tabs";

export const metadata = { title: "Snapshot classes" };

export default async function SnapshotClassesPage({ searchParams }: { searchParams: Promise<{ done?: string; name?: string; deleted?: string }> }) {
  await requireAdmin();
  const sp = await searchParams;
  const missing = await missingSnapshotApi();
  const drivers = (await listCsiDrivers()).map((d) => d.name);
  const note = snapshotUnavailableReason(missing, drivers);
  const rows = await listSnapshotClasses();
  const doubled = driversWithSeveralDefaults(rows);
  return (
    <>
      <PageHeader
        title="Snapshot classes"
        description="How snapshots are cut, per CSI driver, and what deleting one does to the data."
        actions={missing.length ? null : <ButtonLink href="/admin/snapshot-classes/new">New snapshot class</ButtonLink>}
      />
      <CsiTabs current="/admin/snapshot-classes" />
      {note ? (
        <p data-testid="snapshot-unavailable" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {note}
        </p>
      ) : null}
      {sp.done && sp.name ? <p role="status" className="mb-4 text-sm text-emerald-800">Snapshot class {sp.name} {sp.done}.</p> : null}
      {sp.deleted ? <p role="status" className="mb-4 text-sm text-emerald-800">Snapshot class {sp.deleted} deleted.</p> : null}
      {doubled.length ? (
        <p role="alert" className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200">
          Several default classes for {doubled.join(", ")}: snapshots that name no class are refused until only one is default.
        </p>
      ) : null}
      {missing.length ? null : rows.length === 0 ? (
        <EmptyState title="No snapshot classes">Create one per CSI driver so developers can take snapshots.</EmptyState>
      ) : (
        <Table label="Snapshot classes">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Driver</Th>
              <Th>When a snapshot is deleted</Th>
              <Th>Parameters</Th>
              <Th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <tr key={c.uid} data-testid="snapshot-class-row">
                <Td>
                  <span className="font-medium">{c.name}</span> {c.isDefault ? <Badge tone="blue">default</Badge> : null}
                  {c.description ? <p className="text-xs text-slate-500">{c.description}</p> : null}
                </Td>
                <Td>
                  {c.driver} {drivers.includes(c.driver) ? null : <Badge tone="yellow">driver not registered</Badge>}
                </Td>
                <Td className="whitespace-normal text-xs">
                  <strong>{c.deletionPolicy}</strong>: {deletionPolicyText(c.deletionPolicy)}
                </Td>
                <Td className="text-xs">{Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join(", ") || "—"}</Td>
                <Td>
                  <Link className="text-indigo-700 hover:underline" href={`/admin/snapshot-classes/${encodeURIComponent(c.name)}/edit`}>
                    Edit
                  </Link>{" "}
                  ·{" "}
                  <Link className="text-rose-700 hover:underline" href={`/admin/snapshot-classes/${encodeURIComponent(c.name)}/delete`}>
                    Delete…
                  </Link>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

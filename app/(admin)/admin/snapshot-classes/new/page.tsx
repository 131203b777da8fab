import { requireAdmin } from "@/lib/auth/session";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { snapshotUnavailableReason } from "@/lib/storage/snapshots";
import { createSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { PageHeader } from "@/components/ui/card";
import { SnapshotClassForm } from "@/components/csi/snapshot-class-form";

export default async function NewSnapshotClassPage() {
  await requireAdmin();
  const missing = await missingSnapshotApi();
  const drivers = (await listCsiDrivers()).map((d) => d.name);
  if (missing.length) {
    return (
      <>
        <PageHeader title="New snapshot class" />
        <p data-testid="snapshot-unavailable" className="text-sm">{snapshotUnavailableReason(missing, drivers)}</p>
      </>
    );
  }
  const defaults = Object.fromEntries((await listSnapshotClasses()).filter((c) => c.isDefault).map((c) => [c.driver, c.name]));
  return (
    <>
      <PageHeader title="New snapshot class" description="Snapshots of claims on this driver use this class." />
      <SnapshotClassForm action={createSnapshotClassAction} initialValues={{ driver: drivers.length === 1 ? (drivers[0] ?? "") : "", deletionPolicy: "Delete", "parameters.0.key": "", "parameters.0.value": "" }} drivers={drivers} defaults={defaults} cancelHref="/admin/snapshot-classes" />
    </>
  );
}

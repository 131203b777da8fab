import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { getSnapshotClassObject, listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { updateSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { snapshotClassValues } from "@/lib/validations/snapshot-class";
import { PageHeader } from "@/components/ui/card";
import { SnapshotClassForm } from "@/components/csi/snapshot-class-form";

export default async function EditSnapshotClassPage({ params }: { params: Promise<{ name: string }> }) {
  await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const base = await getSnapshotClassObject(name);
  if (!base) notFound();
  const drivers = (await listCsiDrivers()).map((d) => d.name);
  const defaults = Object.fromEntries((await listSnapshotClasses()).filter((c) => c.isDefault).map((c) => [c.driver, c.name]));
  return (
    <>
      <PageHeader title={`Edit snapshot class ${name}`} description="Deletion policy, description and default change in place; for another driver or parameters, create a new class." />
      <SnapshotClassForm action={updateSnapshotClassAction} initialValues={snapshotClassValues(base)} base={base} drivers={drivers} defaults={defaults} cancelHref="/admin/snapshot-classes" />
    </>
  );
}

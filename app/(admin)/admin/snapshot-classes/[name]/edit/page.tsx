import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { getSnapshotClassObject, listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { listSnapshots } from "@/lib/k8s/volume-snapshots";
import { updateSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { snapshotClassValues } from "@/lib/validations/snapshot-class";
import { PageHeader } from "@/components/ui/card";
import { SnapshotClassForm } from "@/components/csi/snapshot-class-form";

export default async function EditSnapshotClassPage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const base = await getSnapshotClassObject(name);
  if (!base) notFound();
  const drivers = (await listCsiDrivers()).map((d) => d.name);
  const usage = (await listSnapshots(id)).filter((s) => s.className === name).map((s) => ({ namespace: s.namespace, name: s.name, readyToUse: s.readyToUse }));
  const defaults = Object.fromEntries((await listSnapshotClasses()).filter((c) => c.isDefault).map((c) => [c.driver, c.name]));
  return (
    <>
      <PageHeader title={`Edit snapshot class ${name}`} description="Deletion policy, description and default change in place; another driver or other parameters replace the class (delete + create under the same name)." />
      <SnapshotClassForm action={updateSnapshotClassAction} initialValues={snapshotClassValues(base)} base={base} usage={usage} drivers={drivers} defaults={defaults} cancelHref="/admin/snapshot-classes" />
    </>
  );
}

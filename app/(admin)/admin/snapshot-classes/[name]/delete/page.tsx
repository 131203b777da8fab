import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { deleteSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";

export default async function DeleteSnapshotClassPage({ params }: { params: Promise<{ name: string }> }) {
  await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const c = (await listSnapshotClasses()).find((x) => x.name === name);
  if (!c) notFound();
  return (
    <>
      <PageHeader title={`Delete snapshot class ${name}?`} />
      <Card className="max-w-2xl space-y-3 text-sm">
        <p>
          This deletes the class only: existing snapshots and their data stay. New snapshots can no longer name it
          {c.isDefault ? `, and driver ${c.driver} has no default class until you mark another one` : ""}.
        </p>
        <ConfirmAction action={deleteSnapshotClassAction} hidden={{ name, uid: c.uid }} confirmLabel="Delete class" cancelHref="/admin/snapshot-classes" danger />
      </Card>
    </>
  );
}

import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { getSnapshot } from "@/lib/k8s/volume-snapshots";
import { getSnapshotContent } from "@/lib/k8s/volume-snapshot-contents";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { deleteSnapshotAction } from "@/lib/actions/snapshots";
import { deletionPolicyText } from "@/lib/storage/snapshots";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";

export default async function DeleteSnapshotPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const snap = await getSnapshot(id, namespace, name);
  if (!snap) notFound();
  const content = await getSnapshotContent(snap.boundContentName);
  const policy = content?.deletionPolicy ?? (await listSnapshotClasses()).find((c) => c.name === snap.className)?.deletionPolicy ?? "Delete";
  const back = `/snapshots/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return (
    <>
      <PageHeader title={`Delete snapshot ${namespace}/${name}?`} />
      <Card className="max-w-2xl space-y-3 text-sm">
        <p>
          This deletes the VolumeSnapshot <strong>{name}</strong>
          {snap.sourceClaim ? ` (a copy of claim ${snap.sourceClaim}${snap.restoreSize ? `, ${snap.restoreSize}` : ""})` : ""}. Claims already restored from it keep their data.
        </p>
        <p data-testid="deletion-policy">
          Deletion policy <strong>{policy}</strong>: {deletionPolicyText(policy)}
        </p>
        <ConfirmAction
          action={deleteSnapshotAction}
          hidden={{ namespace, name, uid: snap.uid }}
          confirmLabel="Delete snapshot"
          cancelHref={back}
          danger
          acknowledge={policy === "Delete" ? "I understand that the snapshot's data will be deleted." : "I want to delete this snapshot."}
        />
      </Card>
    </>
  );
}

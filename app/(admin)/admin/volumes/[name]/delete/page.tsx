import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { deletePersistentVolumeAction } from "@/lib/actions/persistent-volumes";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { ReclaimExplanation } from "@/components/volumes/reclaim-explanation";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Delete volume" };

export default async function DeleteVolumePage({ params }: { params: Promise<{ name: string }> }) {
  await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const pv = await getPersistentVolume(name);
  if (!pv) notFound();
  return (
    <>
      <LiveRefresh topics={["persistentvolumes"]} names={[pv.name]} />
      <PageHeader title={`Delete volume ${pv.name}?`} actions={<PhaseBadge phase={pv.phase} deleting={pv.deleting} />} />
      <Card className="space-y-4">
        <Details
          items={[
            ["Capacity", pv.capacity],
            ["Class", pv.storageClass || "—"],
            ["Source", `${pv.source.type} ${pv.source.detail}`],
            [pv.phase === "Bound" ? "Claim" : "Former claim", pv.claim ? `${pv.claim.namespace}/${pv.claim.name}` : "—"],
          ]}
        />
        <ReclaimExplanation pv={pv} />
        {pv.deleting ? (
          <p className="text-sm text-amber-800">This volume is already being deleted.</p>
        ) : (
          <ConfirmAction
            action={deletePersistentVolumeAction}
            hidden={{ name: pv.name, uid: pv.uid }}
            confirmLabel={`Delete volume ${pv.name}`}
            cancelHref={`/admin/volumes/${encodeURIComponent(pv.name)}`}
            danger
          />
        )}
      </Card>
    </>
  );
}

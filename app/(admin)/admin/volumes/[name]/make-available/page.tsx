import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { makeVolumeAvailableAction } from "@/lib/actions/persistent-volumes";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Make volume available" };

export default async function MakeAvailablePage({ params }: { params: Promise<{ name: string }> }) {
  await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const pv = await getPersistentVolume(name);
  if (!pv) notFound();
  const back = `/admin/volumes/${encodeURIComponent(pv.name)}`;
  return (
    <>
      <LiveRefresh topics={["persistentvolumes"]} names={[pv.name]} />
      <PageHeader title={`Make ${pv.name} available again?`} actions={<PhaseBadge phase={pv.phase} deleting={pv.deleting} />} />
      <Card className="space-y-4">
        {pv.phase !== "Released" || pv.deleting ? (
          <p className="text-sm">
            Only a Released volume can be made available again; this one is {pv.deleting ? "being deleted" : pv.phase}.{" "}
            <Link className="text-indigo-700 underline" href={back}>Back to the volume</Link>
          </p>
        ) : (
          <>
            <Details
              items={[
                ["Former claim", pv.claim ? `${pv.claim.namespace}/${pv.claim.name}` : "—"],
                ["Released", pv.lastPhaseTransitionTime ? <span key="r"><TimeAgo iso={pv.lastPhaseTransitionTime} /> ago</span> : "—"],
                ["Capacity", pv.capacity],
                ["Class", pv.storageClass || "—"],
                ["Source", `${pv.source.type} ${pv.source.detail}`],
              ]}
            />
            <div role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-300">
              <p className="font-medium">The old data is still on this volume.</p>
              <p className="mt-1">
                Making it available removes the link to the deleted claim {pv.claim ? `${pv.claim.namespace}/${pv.claim.name}` : ""} and nothing else.
                The next claim that matches gets the volume with every file the old claim left, possibly in another team&apos;s namespace. Wipe the
                data on the storage first if that is not OK.
              </p>
            </div>
            <ConfirmAction
              action={makeVolumeAvailableAction}
              hidden={{ name: pv.name, uid: pv.uid, resourceVersion: pv.resourceVersion }}
              acknowledge="I understand the old data stays on the volume and the next matching claim can read it."
              confirmLabel="Make available again"
              cancelHref={back}
            />
          </>
        )}
      </Card>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { eventsFor } from "@/lib/k8s/events";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { EventList } from "@/components/events/event-list";
import { LiveRefresh } from "@/components/live/live-refresh";

export default async function VolumePage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const pv = await getPersistentVolume(name);
  if (!pv) notFound();
  const events = await eventsFor(id, { kind: "PersistentVolume", name: pv.name });
  return (
    <>
      <LiveRefresh topics={["persistentvolumes", "events"]} names={[pv.name]} />
      <PageHeader title={pv.name} actions={<PhaseBadge phase={pv.phase} deleting={pv.deleting} />} />
      <Card>
        <Details
          items={[
            ["Capacity", pv.capacity],
            ["Access modes", pv.accessModes.join(", ")],
            ["Volume mode", pv.volumeMode],
            ["Reclaim policy", pv.reclaimPolicy],
            ["Storage class", pv.storageClass || "—"],
            ["Source", `${pv.source.type} ${pv.source.detail}`],
            ["Node affinity", pv.nodeAffinity ?? "—"],
            [
              pv.phase === "Released" ? "Former claim" : "Claim",
              pv.claim ? (
                <Link key="c" className="text-indigo-700 hover:underline" href={`/claims/${pv.claim.namespace}/${pv.claim.name}`}>
                  {pv.claim.namespace}/{pv.claim.name}
                </Link>
              ) : (
                "—"
              ),
            ],
            ["Phase since", pv.lastPhaseTransitionTime ? <TimeAgo key="t" iso={pv.lastPhaseTransitionTime} /> : "—"],
            ["Message", pv.message ?? "—"],
          ]}
        />
      </Card>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Events</h2>
      <Card>
        <EventList events={events} />
      </Card>
    </>
  );
}

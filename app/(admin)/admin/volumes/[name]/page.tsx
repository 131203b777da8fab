import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { eventsFor } from "@/lib/k8s/events";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { ConfirmNotice } from "@/components/ui/confirm-notice";
import { EventList } from "@/components/events/event-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { HoldupList } from "@/components/flow/holdup-list";
import { volumeHoldups } from "@/lib/flow/finalizers";

const DONE: Record<string, string> = {
  created: "Volume created. It binds as soon as a matching claim is pending.",
  available: "The claim reference was removed. The volume becomes Available as soon as the cluster's volume controller sees it.",
};

export default async function VolumePage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ done?: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const { done } = await searchParams;
  const pv = await getPersistentVolume(name);
  if (!pv) notFound();
  const events = await eventsFor(id, { kind: "PersistentVolume", name: pv.name });
  const href = `/admin/volumes/${encodeURIComponent(pv.name)}`;
  const released = pv.phase === "Released";
  return (
    <>
      <LiveRefresh topics={["persistentvolumes", "events"]} names={[pv.name]} />
      {done && DONE[done] ? <ConfirmNotice>{DONE[done]}</ConfirmNotice> : null}
      <PageHeader
        title={pv.name}
        actions={
          <>
            <span data-testid="pv-phase">
              <PhaseBadge phase={pv.phase} deleting={pv.deleting} />
            </span>
            {released && !pv.deleting ? <ButtonLink href={`${href}/make-available`}>Make available again</ButtonLink> : null}
            {!pv.deleting ? <ButtonLink href={`${href}/delete`} variant="danger">Delete</ButtonLink> : null}
          </>
        }
      />
      {pv.deleting ? (
        <>
          <HoldupList what={`volume ${pv.name}`} holdups={volumeHoldups(pv, events)} />
          {pv.finalizers.length ? (
            <p className="-mt-2 mb-4 text-sm">
              <Link href={`${href}/finalizers`} className="text-rose-700 hover:underline">
                Remove a finalizer by hand (admins; read the warning first)…
              </Link>
            </p>
          ) : null}
        </>
      ) : null}
      <Card>
        <Details
          items={[
            ["Capacity", pv.capacity],
            ["Access modes", pv.accessModes.join(", ")],
            ["Volume mode", pv.volumeMode],
            ["Reclaim policy", pv.reclaimPolicy],
            ["Storage class", pv.storageClass || "—"],
            ["Source", `${pv.source.type} ${pv.source.detail}`],
            ["Mount options", pv.mountOptions.join(", ") || "—"],
            ["Labels", Object.entries(pv.labels).map(([k, v]) => `${k}=${v}`).join(", ") || "—"],
            ["Node affinity", pv.nodeAffinity ?? "—"],
            [
              released ? "Former claim" : pv.phase === "Available" && pv.claim ? "Reserved for" : "Claim",
              pv.claim ? (
                <Link key="c" className="text-indigo-700 hover:underline" href={`/claims/${pv.claim.namespace}/${pv.claim.name}`}>
                  {pv.claim.namespace}/{pv.claim.name}
                </Link>
              ) : (
                "—"
              ),
            ],
            [released ? "Released" : "Phase since", pv.lastPhaseTransitionTime ? <span key="t"><TimeAgo iso={pv.lastPhaseTransitionTime} /> ago</span> : "—"],
            ["Provisioned by", pv.provisionedBy ?? "created by hand (static)"],
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

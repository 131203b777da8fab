import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { getClaim } from "@/lib/k8s/persistent-volume-claims";
import { podsUsingClaim } from "@/lib/k8s/pods";
import { eventsFor } from "@/lib/k8s/events";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { EventList } from "@/components/events/event-list";
import { LiveRefresh } from "@/components/live/live-refresh";

export default async function ClaimPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const claim = await getClaim(id, namespace, name);
  if (!claim) notFound();
  const [pods, events] = await Promise.all([
    podsUsingClaim(id, namespace, name),
    eventsFor(id, { kind: "PersistentVolumeClaim", name, namespace }),
  ]);
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims", "persistentvolumes", "pods", "events"]} namespace={namespace} />
      <PageHeader title={`${namespace}/${name}`} actions={<PhaseBadge phase={claim.phase} deleting={claim.deleting} />} />
      <Card>
        <Details
          items={[
            ["Requested", claim.requested],
            ["Capacity", claim.capacity ?? "—"],
            ["Storage class", claim.storageClass ?? "(none)"],
            ["Volume", claim.volumeName ?? "—"],
            ["Access modes", claim.accessModes.join(", ")],
            ["Volume mode", claim.volumeMode],
            ["Selected node", claim.selectedNode ?? "—"],
            ["Created", <TimeAgo key="c" iso={claim.createdAt} />],
          ]}
        />
      </Card>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Used by</h2>
      <Card>
        {pods.length === 0 ? (
          <p className="text-sm text-slate-500">No pod mounts this claim.</p>
        ) : (
          <ul className="space-y-1 text-sm" aria-label="Pods using this claim">
            {pods.map((pod) => (
              <li key={pod.name} className="flex items-center gap-2">
                <PhaseBadge phase={pod.phase} deleting={pod.deleting} />
                <span className="font-medium">{pod.name}</span>
                {pod.nodeName ? <span className="text-slate-500">on {pod.nodeName}</span> : null}
                {pod.owner ? <span className="text-slate-500">({pod.owner.kind} {pod.owner.name})</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Events</h2>
      <Card>
        <EventList events={events} />
      </Card>
      <p className="mt-6 text-sm">
        <Link href="/claims" className="text-indigo-700 hover:underline">
          ← All claims
        </Link>
      </p>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { can } from "@/lib/k8s/access";
import { getSnapshot } from "@/lib/k8s/volume-snapshots";
import { getSnapshotContent } from "@/lib/k8s/volume-snapshot-contents";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { eventsFor } from "@/lib/k8s/events";
import { getClaim } from "@/lib/k8s/persistent-volume-claims";
import { restoreSnapshotAction } from "@/lib/actions/snapshots";
import { claimDriver, deletionPolicyText } from "@/lib/storage/snapshots";
import { snapshotFlow } from "@/lib/flow/snapshot-steps";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { LiveRefresh } from "@/components/live/live-refresh";
import { FlowTimeline } from "@/components/flow/flow-timeline";
import { EventList } from "@/components/events/event-list";
import { SnapshotStateBadge } from "@/components/snapshots/snapshot-table";
import { SmallForm } from "@/components/snapshots/small-form";

/** The server clock, like the stream's change times. */
const serverNow = () => Date.now();

export default async function SnapshotPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const snap = await getSnapshot(id, namespace, name);
  if (!snap) notFound();
  const [content, snapClasses, storageClasses, missing, events, source] = await Promise.all([
    getSnapshotContent(snap.boundContentName),
    listSnapshotClasses(),
    listStorageClasses(),
    missingSnapshotApi(),
    eventsFor(id, { kind: "VolumeSnapshot", name, namespace }),
    snap.sourceClaim ? getClaim(id, namespace, snap.sourceClaim) : undefined,
  ]);
  const snapClass = snapClasses.find((c) => c.name === snap.className);
  const driver = content?.driver || snapClass?.driver || (source ? claimDriver(source, storageClasses) : undefined);
  const steps = snapshotFlow({ crdsMissing: missing.length > 0, snapshot: snap, content, classes: snapClasses, driver, events, now: serverNow() });
  const restoreClasses = storageClasses.filter((c) => c.provisioner === driver);
  const mayRestore = await can(id, { verb: "create", resource: "persistentvolumeclaims", namespace });
  const policy = content?.deletionPolicy ?? snapClass?.deletionPolicy;
  const size = snap.restoreSize ?? source?.capacity ?? source?.requested ?? "";
  return (
    <>
      <LiveRefresh topics={["volumesnapshots", "events"]} namespace={namespace} names={[name]} />
      <PageHeader
        title={`Snapshot ${namespace}/${name}`}
        description={snap.sourceClaim ? `A point-in-time copy of claim ${snap.sourceClaim}.` : "A point-in-time copy of a volume."}
        actions={
          <>
            <SnapshotStateBadge s={snap} />
            <ButtonLink href={`/snapshots/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/delete`} variant="danger">
              Delete…
            </ButtonLink>
          </>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="space-y-6">
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Steps</h2>
            <FlowTimeline label="Snapshot steps" steps={steps} />
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">Restore into a new claim</h2>
            {!snap.readyToUse ? (
              <p className="text-sm text-slate-600">The snapshot can be restored once it is ready to use.</p>
            ) : !mayRestore ? (
              <p className="text-sm text-slate-600">You may not create claims in {namespace}.</p>
            ) : restoreClasses.length === 0 ? (
              <p className="text-sm text-slate-600">No storage class uses driver {driver ?? "(unknown)"}, so nothing can restore this snapshot.</p>
            ) : (
              <SmallForm
                action={restoreSnapshotAction}
                label="Restore snapshot"
                hidden={{ namespace, snapshot: name, restoreSize: snap.restoreSize ?? "" }}
                submit="Restore"
                fields={[
                  { kind: "text", name: "name", label: "New claim name", initial: `${snap.sourceClaim ?? name}-restored` },
                  {
                    kind: "select",
                    name: "storageClass",
                    label: "Storage class",
                    initial: restoreClasses.some((c) => c.name === snap.sourceStorageClass) ? (snap.sourceStorageClass ?? "") : (restoreClasses[0]?.name ?? ""),
                    options: restoreClasses.map((c) => ({ value: c.name, label: c.name })),
                    hint: `Classes of driver ${driver}.`,
                  },
                  { kind: "text", name: "size", label: "Size", initial: size, hint: snap.restoreSize ? `At least ${snap.restoreSize}.` : undefined },
                  {
                    kind: "select",
                    name: "accessModes",
                    label: "Access mode",
                    initial: snap.sourceAccessModes[0] ?? "ReadWriteOnce",
                    options: ["ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany", "ReadWriteMany"].map((m) => ({ value: m, label: m })),
                  },
                ]}
              />
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <Details
              items={[
                ["Source claim", snap.sourceClaim ? <Link key="s" className="text-indigo-700 hover:underline" href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(snap.sourceClaim)}`}>{snap.sourceClaim}</Link> : "—"],
                ["Class", snap.className ?? "(default)"],
                ["Driver", driver ?? "—"],
                ["Restore size", snap.restoreSize ?? "—"],
                ["Content", snap.boundContentName ?? "—"],
                ["Created", <TimeAgo key="c" iso={snap.createdAt} />],
                ["Kept", snap.kept ? `by ${snap.kept.by} from ${snap.kept.fromClaim} until ${snap.kept.until}` : "—"],
              ]}
            />
            {policy ? <p className="mt-3 text-xs text-slate-600" data-testid="deletion-policy">Deletion policy {policy}: {deletionPolicyText(policy)}</p> : null}
          </Card>
          <Card>
            <h2 className="mb-2 font-semibold">Events</h2>
            <EventList events={events} />
          </Card>
        </div>
      </div>
      <p className="mt-6 text-sm">
        <Link href="/snapshots" className="text-indigo-700 hover:underline">
          ← All snapshots
        </Link>
      </p>
    </>
  );
}

import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { getClaim } from "@/lib/k8s/persistent-volume-claims";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { getStorageClass } from "@/lib/k8s/storage-classes";
import { podsUsingClaim } from "@/lib/k8s/pods";
import { deleteClaimAction } from "@/lib/actions/claims";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { LiveRefresh } from "@/components/live/live-refresh";
import { reclaimText } from "@/components/request/class-cards";
import { SnapshotBeforeDelete } from "@/components/snapshots/snapshot-before-delete";

export default async function DeleteClaimPage({
  params,
}: {
  params: Promise<{ namespace: string; name: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const claim = await getClaim(id, namespace, name);
  if (!claim) notFound();
  const [pv, pods, cls] = await Promise.all([
    claim.volumeName ? getPersistentVolume(claim.volumeName) : undefined,
    podsUsingClaim(id, namespace, name),
    claim.storageClass ? getStorageClass(claim.storageClass) : undefined,
  ]);
  const policy = pv?.reclaimPolicy ?? cls?.reclaimPolicy;
  const live = pods.filter((x) => !x.deleting && x.phase !== "Succeeded" && x.phase !== "Failed");
  const back = `/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims", "pods"]} namespace={namespace} />
      <PageHeader title={`Delete claim ${namespace}/${name}?`} />
      <Card className="max-w-2xl space-y-3 text-sm">
        <p>
          This deletes the PersistentVolumeClaim <strong>{name}</strong> (
          {claim.capacity ?? claim.requested}) in {namespace}.
        </p>
        {live.length ? (
          <p
            data-testid="protection-note"
            className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200"
          >
            In use by {live.map((x) => `pod ${x.name}`).join(", ")}: Kubernetes protects claims in
            use (kubernetes.io/pvc-protection), so it will be deleted when{" "}
            {live.length === 1 ? `${live[0]?.name} stops` : "these pods stop"}. Until then it shows
            as Terminating.
          </p>
        ) : (
          <p>No pod uses it, so it goes right away.</p>
        )}
        <p data-testid="reclaim-note">
          {pv ? (
            <>
              Its volume <strong>{pv.name}</strong> has reclaim policy{" "}
              <strong>{pv.reclaimPolicy}</strong>:{" "}
              {policy === "Delete"
                ? "the volume and your data on it are deleted too."
                : "the volume and your data are kept (Released); a cluster admin decides what happens to them."}
            </>
          ) : policy ? (
            reclaimText(policy)
          ) : (
            "It has no volume yet, so no data is affected."
          )}
        </p>
        <SnapshotBeforeDelete id={id} namespace={namespace} name={name} />
        <ConfirmAction
          action={deleteClaimAction}
          hidden={{ namespace, name, uid: claim.uid }}
          confirmLabel="Delete claim"
          cancelHref={back}
          danger
          acknowledge={
            policy === "Delete" && pv
              ? "I understand that the data on this volume will be deleted."
              : "I want to delete this claim."
          }
        />
      </Card>
    </>
  );
}

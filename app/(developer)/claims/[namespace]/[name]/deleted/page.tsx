import Link from "next/link";
import { requireSession } from "@/lib/auth/session";
import { loadClaimDeletion } from "@/lib/flow/load-lifecycle";
import { PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TeardownCard } from "@/components/workloads/teardown-card";

/**
 * A claim's deletion, step by step, until its volume is deleted or kept as Released. It keeps
 * working after the claim is gone: the volume's name and policy come from the delete action.
 */
export default async function ClaimDeletedPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<{ uid?: string; volume?: string; policy?: string }>;
}) {
  const id = await requireSession();
  const p = await params;
  const sp = await searchParams;
  const namespace = decodeURIComponent(p.namespace);
  const name = decodeURIComponent(p.name);
  const policy = sp.policy === "Delete" || sp.policy === "Retain" || sp.policy === "Recycle" ? sp.policy : undefined;
  const flow = await loadClaimDeletion(id, namespace, name, { uid: sp.uid, volumeName: sp.volume, reclaimPolicy: policy });
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims", "persistentvolumes", "pods", "volumeattachments", "events"]} namespace={namespace} />
      <PageHeader title={`Deleting claim ${namespace}/${name}`} description="What happens, step by step, until the claim is gone and its volume deleted or kept." />
      <TeardownCard title={`Deletion of claim ${name}`} flow={flow} />
      <p className="mt-6 text-sm">
        {flow.exists ? (
          <Link href={`/claims/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`} className="mr-4 text-indigo-700 hover:underline">
            The claim&apos;s page
          </Link>
        ) : null}
        <Link href="/claims" className="text-indigo-700 hover:underline">
          ← All claims
        </Link>
      </p>
    </>
  );
}

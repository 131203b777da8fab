import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { workloadRights } from "@/lib/k8s/workloads";
import { loadOfferFacts, loadPreviewContext, toPreviewWorkload, workloadFromParams } from "@/lib/flow/load-lifecycle";
import { snapshotOffers } from "@/lib/flow/snapshot-offer";
import { keepDays, retentionDate } from "@/lib/storage/snapshots";
import { previewDelete } from "@/lib/flow/scale-preview";
import { Card, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { DeleteWorkloadForm } from "@/components/workloads/delete-workload-form";
import { RetentionSummary } from "@/components/workloads/retention-summary";
import { workloadHref } from "@/components/claims/used-by";

export default async function DeleteWorkloadPage({ params }: { params: Promise<{ namespace: string; kind: string; name: string }> }) {
  const id = await requireSession();
  const w = await workloadFromParams(id, await params);
  if (!w) notFound();
  const rights = await workloadRights(id, w.kind, w.namespace);
  const [ctx, facts] = await Promise.all([loadPreviewContext(id, w), loadOfferFacts(id, w.namespace)]);
  const pw = toPreviewWorkload(w);
  const keep = previewDelete(pw, false, ctx);
  const withClaims = previewDelete(pw, true, ctx);
  return (
    <>
      <LiveRefresh topics={["deployments", "statefulsets", "pods", "persistentvolumeclaims", "persistentvolumes"]} namespace={w.namespace} />
      <PageHeader title={`Delete ${w.kind} ${w.namespace}/${w.name}?`} />
      <Card className="max-w-4xl space-y-4 text-sm">
        {!rights.delete ? (
          <p data-testid="not-allowed">The cluster does not let you delete this {w.kind} (delete {w.kind.toLowerCase()}s in {w.namespace}).</p>
        ) : (
          <>
            {w.kind === "StatefulSet" ? <RetentionSummary retention={w.retention} /> : null}
            <DeleteWorkloadForm
              target={{ namespace: w.namespace, kind: w.kind, name: w.name, uid: w.uid }}
              keep={keep}
              withClaims={withClaims}
              offers={{ keep: snapshotOffers(keep, facts), withClaims: snapshotOffers(withClaims, facts) }}
              keepUntil={retentionDate(new Date(), keepDays(process.env))}
              cancelHref={workloadHref(w)}
            />
          </>
        )}
      </Card>
    </>
  );
}

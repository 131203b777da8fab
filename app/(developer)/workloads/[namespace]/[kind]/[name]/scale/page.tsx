import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { workloadRights } from "@/lib/k8s/workloads";
import { loadPreviewContext, toPreviewWorkload, workloadFromParams } from "@/lib/flow/load-lifecycle";
import { previewScale } from "@/lib/flow/scale-preview";
import { replicasField } from "@/lib/validations/workload-lifecycle";
import { scaleWorkloadAction } from "@/lib/actions/workload-lifecycle";
import { Card, PageHeader } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ClaimPlanTable } from "@/components/workloads/claim-plan-table";
import { RetentionSummary } from "@/components/workloads/retention-summary";
import { workloadHref } from "@/components/claims/used-by";

export default async function ScaleWorkloadPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string; kind: string; name: string }>;
  searchParams: Promise<{ replicas?: string }>;
}) {
  const id = await requireSession();
  const w = await workloadFromParams(id, await params);
  if (!w) notFound();
  const rights = await workloadRights(id, w.kind, w.namespace);
  const raw = (await searchParams).replicas;
  const parsed = raw === undefined ? undefined : replicasField.safeParse(raw);
  const error = parsed && !parsed.success ? parsed.error.issues[0]?.message : undefined;
  const to = parsed?.success ? parsed.data : undefined;
  const plan = to !== undefined && to !== w.replicas ? previewScale(toPreviewWorkload(w), to, await loadPreviewContext(id, w)) : undefined;
  const back = workloadHref(w);
  return (
    <>
      <LiveRefresh topics={["deployments", "statefulsets", "pods", "persistentvolumeclaims"]} namespace={w.namespace} />
      <PageHeader title={`Scale ${w.kind} ${w.namespace}/${w.name}`} description={`It wants ${w.replicas} replica${w.replicas === 1 ? "" : "s"} now (${w.readyReplicas} ready).`} />
      {!rights.scale ? (
        <Card className="max-w-2xl text-sm">
          <p data-testid="not-allowed">The cluster does not let you scale this {w.kind} (patch {w.kind.toLowerCase()}s/scale in {w.namespace}).</p>
        </Card>
      ) : (
        <Card className="max-w-3xl space-y-4 text-sm">
          {w.kind === "StatefulSet" ? <RetentionSummary retention={w.retention} /> : null}
          {/* A plain GET form: the preview is computed on the server from the live state. */}
          <form method="get" className="flex items-end gap-3">
            <div className="w-40">
              <Field name="replicas" label="Replicas" error={error}>
                <input id="replicas" name="replicas" type="number" min={0} defaultValue={raw ?? String(w.replicas)} className={inputClass(error)} aria-invalid={error ? true : undefined} />
              </Field>
            </div>
            <Button type="submit" variant="secondary">
              Preview
            </Button>
          </form>
          {to === w.replicas ? <p>It already wants {to} replicas: pick another number.</p> : null}
          {plan ? (
            <div className="space-y-3" data-testid="scale-preview">
              <p>
                From {plan.from} to {plan.to}:{" "}
                {plan.pods.length ? `pod ${plan.pods.join(", ")} stop${plan.pods.length === 1 ? "s" : ""}.` : "no pod stops."}
              </p>
              <ClaimPlanTable namespace={w.namespace} claims={plan.claims} />
              <ConfirmAction
                action={scaleWorkloadAction}
                hidden={{ namespace: w.namespace, kind: w.kind, name: w.name, uid: w.uid, replicas: String(plan.to), from: String(plan.from) }}
                confirmLabel={`Scale to ${plan.to}`}
                cancelHref={back}
                danger={plan.claims.some((c) => c.fate === "deleted")}
                acknowledge={plan.claims.some((c) => c.fate === "deleted") ? "I understand that the claims marked deleted go, with what their reclaim policy does to the data." : undefined}
              />
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}

"use client";

import { useActionState, useState } from "react";
import { deleteWorkloadAction } from "@/lib/actions/workload-lifecycle";
import type { Plan } from "@/lib/flow/scale-preview";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import { ClaimPlanTable } from "./claim-plan-table";

/**
 * The delete confirmation: both plans (keep claims / delete them too) come from the server;
 * the box only chooses which one is shown and sent. Nothing is deleted before the ticked
 * acknowledgement and the button.
 */
export function DeleteWorkloadForm({
  target,
  keep,
  withClaims,
  cancelHref,
}: {
  target: { namespace: string; kind: string; name: string; uid: string };
  keep: Plan;
  withClaims: Plan;
  cancelHref: string;
}) {
  const [state, formAction] = useActionState(deleteWorkloadAction, null);
  const [deleteClaims, setDeleteClaims] = useState(state && !state.ok ? state.values?.deleteClaims === "true" : false);
  const plan = deleteClaims ? withClaims : keep;
  const canDeleteClaims = withClaims.claims.some((c) => c.deletedBy === "you");
  const losesData = plan.claims.some((c) => c.fate === "deleted" && c.reclaimPolicy === "Delete" && c.volume);
  const ackError = state && !state.ok ? state.fieldErrors.acknowledge : undefined;
  return (
    <form action={formAction} className="space-y-4">
      {Object.entries(target).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="deleteClaims" value={String(deleteClaims)} />
      <p>
        {plan.pods.length ? `Pod ${plan.pods.join(", ")} stop${plan.pods.length === 1 ? "s" : ""}.` : "No pod runs now."}
      </p>
      <ClaimPlanTable namespace={target.namespace} claims={plan.claims} />
      {canDeleteClaims ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={deleteClaims} onChange={(e) => setDeleteClaims(e.target.checked)} data-testid="delete-claims" />
          <span>Also delete the workload&apos;s claims in the same step (otherwise they stay and show up in the unused review).</span>
        </label>
      ) : null}
      {/* Seam for "snapshot first": once the portal offers snapshots, the per-claim offer goes here. */}
      <div>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acknowledge" value="true" required className="mt-1" aria-invalid={ackError ? true : undefined} />
          <span>{losesData ? "I understand that the data on the volumes marked deleted is deleted." : `I want to delete this ${target.kind}.`}</span>
        </label>
        {ackError ? <p role="alert" className="mt-1 text-xs text-rose-700">{ackError}</p> : null}
      </div>
      <FormMessage result={state} />
      <div className="flex items-center gap-3">
        <SubmitButton variant="danger">Delete {target.kind}</SubmitButton>
        <ButtonLink href={cancelHref} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}

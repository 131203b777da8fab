"use client";

import { useActionState, useState } from "react";
import { deleteWorkloadAction } from "@/lib/actions/workload-lifecycle";
import type { Plan } from "@/lib/flow/scale-preview";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import type { SnapshotOffer } from "@/lib/flow/snapshot-offer";
import { ClaimPlanTable } from "./claim-plan-table";
import { SnapshotFirst } from "./snapshot-first";

/**
 * The delete confirmation: both plans (keep claims / delete them too) come from the server;
 * the box only chooses which one is shown and sent. Nothing is deleted before the ticked
 * acknowledgement and the button.
 */
export function DeleteWorkloadForm({
  target,
  keep,
  withClaims,
  offers,
  keepUntil,
  cancelHref,
}: {
  target: { namespace: string; kind: string; name: string; uid: string };
  keep: Plan;
  withClaims: Plan;
  /** "Snapshot first" offers for each plan (the claims at stake differ). */
  offers: { keep: SnapshotOffer[]; withClaims: SnapshotOffer[] };
  keepUntil: string;
  cancelHref: string;
}) {
  const [state, formAction] = useActionState(deleteWorkloadAction, null);
  const [deleteClaims, setDeleteClaims] = useState(state && !state.ok ? state.values?.deleteClaims === "true" : false);
  const [snapshots, setSnapshots] = useState<Record<string, string>>({});
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    // A refused submit re-fills the snapshot choices it sent.
    setSeen(state);
    if (state && !state.ok && state.values) {
      const sent = state.values;
      setSnapshots(Object.fromEntries(Object.entries(sent).filter(([k]) => k.startsWith("snapshot.")).map(([k, x]) => [k.slice("snapshot.".length), x])));
    }
  }
  const plan = deleteClaims ? withClaims : keep;
  const shown = deleteClaims ? offers.withClaims : offers.keep;
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
      <SnapshotFirst offers={shown} chosen={snapshots} onChange={(c, cls) => setSnapshots((s) => ({ ...s, [c]: cls }))} errors={state && !state.ok ? state.fieldErrors : {}} keepUntil={keepUntil} />
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

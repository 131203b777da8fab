"use client";

import { useActionState } from "react";
import { restoreSnapshotAction } from "@/lib/actions/snapshots";
import { SubmitButton } from "@/components/ui/submit-button";

/** One-click restore of a kept snapshot into a claim with its former name, class, size and access mode. */
export function RestoreButton({ hidden }: { hidden: Record<string, string> }) {
  const [state, formAction] = useActionState(restoreSnapshotAction, null);
  const problem = state && !state.ok ? Object.values(state.fieldErrors)[0] ?? state.message : undefined;
  return (
    <form action={formAction} aria-label={`Restore ${hidden.snapshot}`} className="inline-flex flex-col gap-1">
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <SubmitButton>Restore as {hidden.name}</SubmitButton>
      {problem ? (
        <span role="alert" className="max-w-xs whitespace-normal text-xs text-rose-700">
          {problem}
        </span>
      ) : null}
    </form>
  );
}

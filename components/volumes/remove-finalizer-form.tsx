"use client";

import { useActionState } from "react";
import { removeVolumeFinalizerAction } from "@/lib/actions/persistent-volumes";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";

/** One finalizer, the warning of what removing it can lose, and a typed confirmation. */
export function RemoveFinalizerForm({
  pv,
  finalizer,
  warning,
  cancelHref,
}: {
  pv: { name: string; uid: string; resourceVersion: string };
  finalizer: string;
  warning: string;
  cancelHref: string;
}) {
  const [state, formAction] = useActionState(removeVolumeFinalizerAction, null);
  const err = state && !state.ok ? state.fieldErrors.confirm : undefined;
  return (
    <form action={formAction} className="space-y-3" data-testid={`remove-${finalizer}`}>
      <input type="hidden" name="name" value={pv.name} />
      <input type="hidden" name="uid" value={pv.uid} />
      <input type="hidden" name="resourceVersion" value={pv.resourceVersion} />
      <input type="hidden" name="finalizer" value={finalizer} />
      <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200">{warning}</p>
      <Field name="confirm" label={`Type ${pv.name} to remove ${finalizer}`} error={err}>
        <input id="confirm" name="confirm" autoComplete="off" className={inputClass(err)} defaultValue={state && !state.ok ? state.values?.confirm : ""} aria-invalid={err ? true : undefined} />
      </Field>
      <FormMessage result={state} />
      <div className="flex gap-3">
        <SubmitButton variant="danger">Remove finalizer</SubmitButton>
        <ButtonLink href={cancelHref} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}

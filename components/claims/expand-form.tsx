"use client";

import { useActionState, useState } from "react";
import { expandClaimAction } from "@/lib/actions/claims";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** Grow a claim: only the requested size changes; the timeline follows the resize. */
export function ExpandForm({
  namespace,
  name,
  current,
}: {
  namespace: string;
  name: string;
  current: string;
}) {
  const [state, formAction] = useActionState(expandClaimAction, null);
  const [size, setSize] = useState(current);
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state && !state.ok && state.values?.size) setSize(state.values.size);
  }
  const error = state && !state.ok ? state.fieldErrors.size : undefined;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-3" aria-label="Expand claim">
      <input type="hidden" name="namespace" value={namespace} />
      <input type="hidden" name="name" value={name} />
      <div className="w-40">
        <Field name="expand-size" label="New size" error={error}>
          <input
            id="expand-size"
            name="size"
            className={inputClass(error)}
            value={size}
            onChange={(e) => setSize(e.target.value)}
          />
        </Field>
      </div>
      <SubmitButton>Expand</SubmitButton>
      <div className="w-full">
        <FormMessage result={state && state.ok ? state : null} />
      </div>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormMessage } from "./field";
import { SubmitButton } from "./submit-button";
import { ButtonLink } from "./button";

/**
 * The last step of a confirmation page: hidden identifiers of exactly what was shown, an
 * optional acknowledgement box, the confirm button and a way back.
 */
export function ConfirmAction({
  action,
  hidden,
  confirmLabel,
  cancelHref,
  danger = false,
  acknowledge,
}: {
  action: (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  hidden: Record<string, string>;
  confirmLabel: string;
  cancelHref: string;
  danger?: boolean;
  /** A sentence the person must tick before the button does anything (sent as acknowledge=true). */
  acknowledge?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const ackError = state && !state.ok ? state.fieldErrors.acknowledge : undefined;
  return (
    <form action={formAction} className="space-y-4">
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {acknowledge ? (
        <div>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="acknowledge" value="true" required className="mt-1" aria-invalid={ackError ? true : undefined} />
            <span>{acknowledge}</span>
          </label>
          {ackError ? <p role="alert" className="mt-1 text-xs text-rose-700">{ackError}</p> : null}
        </div>
      ) : null}
      <FormMessage result={state} />
      <div className="flex items-center gap-3">
        <SubmitButton variant={danger ? "danger" : "primary"}>{confirmLabel}</SubmitButton>
        <ButtonLink href={cancelHref} variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}

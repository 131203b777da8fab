"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { zodFieldErrors } from "@/lib/actions/result";
import { attributesClassDraft, attributesClassSchema, buildAttributesClass } from "@/lib/validations/snapshot-class";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { KeyValueRows } from "@/components/forms/key-value-rows";
import { CheckButton } from "@/components/forms/check-button";
import { useFormDraft, useResultKey } from "@/components/forms/use-form-draft";

type Action = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;
const validate = (values: Record<string, string>) => {
  const r = attributesClassSchema.safeParse(attributesClassDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
};

/** New VolumeAttributesClass: a driver and the mutable parameters it applies (e.g. tier=fast). */
export function AttributesClassForm({ action, drivers }: { action: Action; drivers: string[] }) {
  const [state, formAction] = useActionState(action, null);
  const [sent, setSent] = useState<Record<string, string>>({ driverName: drivers.length === 1 ? (drivers[0] ?? "") : "", "parameters.0.key": "", "parameters.0.value": "" });
  const key = useResultKey(state);
  return <Body key={key} state={state} formAction={formAction} initial={sent} onSend={setSent} drivers={drivers} />;
}

function Body({ state, formAction, initial, onSend, drivers }: { state: ActionResult | null; formAction: (fd: FormData) => void; initial: Record<string, string>; onSend: (v: Record<string, string>) => void; drivers: string[] }) {
  const draft = useFormDraft({ initial, serverErrors: state && !state.ok ? state.fieldErrors : undefined, submitted: state !== null, validate });
  const v = draft.values;
  const err = (n: string) => draft.error(n);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form action={formAction} onSubmit={() => onSend(v)} className="space-y-5" noValidate aria-label="Attributes class">
        <Field name="name" label="Name" error={err("name")} hint="Claims name the class; it cannot be changed later (neither can driver and parameters).">
          <input {...draft.bind("name")} autoComplete="off" className={inputClass(err("name"))} />
        </Field>
        <Field name="driverName" label="CSI driver" error={err("driverName")}>
          <select {...draft.bind("driverName")} className={inputClass(err("driverName"))}>
            <option value="">Choose a driver…</option>
            {drivers.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </Field>
        <div className="space-y-1">
          <p className="text-sm font-medium text-slate-800">Parameters</p>
          <p className="text-xs text-slate-500">Passed to the driver&apos;s ControllerModifyVolume; values it does not know make the change Infeasible.</p>
          <KeyValueRows draft={draft} prefix="parameters" label="Parameters" keyPlaceholder="key, e.g. tier" valuePlaceholder="value, e.g. fast" />
          {err("parameters") ? <p role="alert" data-field-error="parameters" className="text-xs text-rose-700">{err("parameters")}</p> : null}
        </div>
        <FormMessage result={state} />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton>Create class</SubmitButton>
          <CheckButton />
          <ButtonLink href="/admin/attributes-classes" variant="ghost">
            Cancel
          </ButtonLink>
        </div>
      </form>
      <YamlPreview object={buildAttributesClass(attributesClassDraft(v))} />
    </div>
  );
}

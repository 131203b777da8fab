"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";

export type SmallField =
  | { kind: "text"; name: string; label: string; initial: string; hint?: string; type?: "text" | "date" }
  | { kind: "select"; name: string; label: string; initial: string; options: { value: string; label: string }[]; hint?: string; placeholder?: string };

/**
 * A short form for one server action (take a snapshot, restore, clone, change attributes):
 * fixed hidden identifiers, a few fields with their errors next to them, and every typed
 * value kept when the action refuses.
 */
export function SmallForm({
  action,
  label,
  hidden,
  fields,
  submit,
}: {
  action: (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  label: string;
  hidden: Record<string, string>;
  fields: SmallField[];
  submit: string;
}) {
  const [state, formAction] = useActionState(action, null);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.initial])));
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state && !state.ok && state.values) setValues((v) => ({ ...v, ...Object.fromEntries(fields.map((f) => [f.name, state.values?.[f.name] ?? v[f.name] ?? ""])) }));
  }
  const errors = state && !state.ok ? state.fieldErrors : {};
  const prefix = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const hiddenErrors = Object.keys(hidden).flatMap((k) => (errors[k] ? [errors[k]] : []));
  return (
    <form action={formAction} className="space-y-3" aria-label={label}>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {fields.map((f) =>
        f.kind === "select" ? (
          <div key={f.name}>
            <input type="hidden" name={f.name} value={values[f.name] ?? ""} />
            <SelectField name={`${prefix}-${f.name}`} label={f.label} error={errors[f.name]} hint={f.hint} value={values[f.name]} onChange={set(f.name)} options={f.options} placeholder={f.placeholder} />
          </div>
        ) : (
          <Field key={f.name} name={`${prefix}-${f.name}`} label={f.label} error={errors[f.name]} hint={f.hint}>
            <input id={`${prefix}-${f.name}`} name={f.name} type={f.type ?? "text"} autoComplete="off" className={inputClass(errors[f.name])} value={values[f.name] ?? ""} onChange={(e) => set(f.name)(e.target.value)} />
          </Field>
        ),
      )}
      {hiddenErrors.map((m) => (
        <p key={m} role="alert" className="text-xs text-rose-700">
          {m}
        </p>
      ))}
      <FormMessage result={state} />
      <SubmitButton>{submit}</SubmitButton>
    </form>
  );
}

"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { zodFieldErrors } from "@/lib/actions/result";
import type { ProvisionerOption } from "@/lib/k8s/csi-drivers";
import {
  RECLAIM_POLICY_HELP,
  buildStorageClass,
  changedImmutableFields,
  storageClassDraft,
  storageClassSchema,
  storageClassValues,
  type StorageClassObject,
} from "@/lib/validations/storage-class";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { KeyValueRows } from "@/components/forms/key-value-rows";
import { ProvisionerPicker } from "./provisioner-picker";
import { StorageClassReplacePanel, type ClassUsage } from "./replace-panel";
import { SaveModeChoice } from "@/components/forms/replace-panel";
import { CheckButton } from "@/components/forms/check-button";
import { useFormDraft, useResultKey } from "@/components/forms/use-form-draft";

type Action = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;

interface Props {
  action: Action;
  initialValues: Record<string, string>;
  provisioners: ProvisionerOption[];
  /** The class that is the default now (if any), to say what "default" will change. */
  currentDefault: string | undefined;
  /** Edit only: the class as loaded, and who uses it (for the replace warning). */
  base?: StorageClassObject;
  usage?: ClassUsage;
  cancelHref: string;
}

const validate = (values: Record<string, string>) => {
  const r = storageClassSchema.safeParse(storageClassDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
};

export function StorageClassForm(props: Props) {
  const [state, formAction] = useActionState(props.action, null);
  const [sent, setSent] = useState(props.initialValues);
  const key = useResultKey(state);
  return <FormBody key={key} {...props} state={state} formAction={formAction} initial={sent} onSend={setSent} />;
}

function FormBody(props: Props & { state: ActionResult | null; formAction: (fd: FormData) => void; initial: Record<string, string>; onSend: (v: Record<string, string>) => void }) {
  const { state, base } = props;
  const draft = useFormDraft({
    initial: props.initial,
    serverErrors: state && !state.ok ? state.fieldErrors : undefined,
    submitted: state !== null,
    validate,
  });
  const v = draft.values;
  const editing = Boolean(base);
  const replacing = editing && v.mode === "replace";
  const locked = editing && !replacing;
  const d = storageClassDraft(v);
  const object = buildStorageClass(d, base ? { mode: replacing ? "replace" : "update", base, resourceVersion: v.resourceVersion } : {});
  const changed = base ? changedImmutableFields(d, base) : [];
  const name = d.name.trim();

  const setMode = (mode: "update" | "replace") => {
    draft.set("mode", mode);
    if (mode === "update" && base) {
      // Back to in-place: the immutable fields return to what the cluster has.
      const current = storageClassValues(base);
      draft.remove(Object.keys(v).filter((k) => k.startsWith("parameters.")));
      for (const k of ["provisioner", "reclaimPolicy", "volumeBindingMode", ...Object.keys(current).filter((k) => k.startsWith("parameters."))]) {
        draft.set(k, current[k] ?? "");
      }
    }
  };
  const lock = locked ? <Badge title="Kubernetes does not change this on an existing class">immutable</Badge> : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form action={props.formAction} onSubmit={() => props.onSend(v)} className="space-y-5" noValidate aria-label="Storage class">
        {editing ? (
          <>
            <SaveModeChoice values={v} replacing={replacing} onMode={setMode} inPlace="description, expansion, mount options, default" replace="provisioner, parameters, reclaim policy or binding mode" error={draft.error("mode")} />
            {draft.error("resourceVersion") ? (
              <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
                {draft.error("resourceVersion")} Your changes were not saved.{" "}
                <a className="font-medium underline" href={`/admin/storage-classes/${encodeURIComponent(name)}/edit`}>
                  Reload the latest version
                </a>
              </p>
            ) : null}
          </>
        ) : null}

        <Field name="name" label="Name" error={draft.error("name")} hint={editing ? "A class keeps its name; use a new class for a new name." : "Lowercase letters, digits, '-' and '.'; claims refer to the class by this name."}>
          <input {...draft.bind("name")} readOnly={editing} autoComplete="off" className={inputClass(draft.error("name"))} />
        </Field>

        <Field name="description" label="Description for developers" error={draft.error("description")} hint="Shown to developers when they pick a class.">
          <input {...draft.bind("description")} placeholder="e.g. Fast local SSD, deleted with the claim" className={inputClass(draft.error("description"))} />
        </Field>

        <div className="space-y-1">
          <label htmlFor="provisioner" className="flex items-center gap-2 text-sm font-medium text-slate-800">
            Provisioner {lock}
          </label>
          {locked ? <input type="hidden" name="provisioner" value={v.provisioner ?? ""} /> : null}
          {locked ? (
            <input id="provisioner" value={v.provisioner ?? ""} disabled className={inputClass()} />
          ) : (
            <ProvisionerPicker draft={draft} options={props.provisioners} />
          )}
          <FieldError draft={draft} name="provisioner" />
        </div>

        <div className="space-y-1">
          <p className="flex items-center gap-2 text-sm font-medium text-slate-800">Parameters {lock}</p>
          <p className="text-xs text-slate-500">Passed to the provisioner as they are; what they mean depends on it.</p>
          {locked ? <ParametersHidden values={v} /> : null}
          <KeyValueRows draft={draft} prefix="parameters" label="Parameters" keyPlaceholder="key, e.g. type" valuePlaceholder="value" disabled={locked} />
          <FieldError draft={draft} name="parameters" />
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="reclaimPolicy" className="flex items-center gap-2 text-sm font-medium text-slate-800">
              Reclaim policy {lock}
            </label>
            {locked ? <input type="hidden" name="reclaimPolicy" value={v.reclaimPolicy ?? ""} /> : null}
            <select {...draft.bind("reclaimPolicy")} disabled={locked} className={inputClass(draft.error("reclaimPolicy"))}>
              <option value="Delete">Delete</option>
              <option value="Retain">Retain</option>
            </select>
            <p className="text-xs text-slate-500">{RECLAIM_POLICY_HELP[v.reclaimPolicy ?? "Delete"]}</p>
            <FieldError draft={draft} name="reclaimPolicy" />
          </div>
          <div className="space-y-1">
            <label htmlFor="volumeBindingMode" className="flex items-center gap-2 text-sm font-medium text-slate-800">
              Volume binding mode {lock}
            </label>
            {locked ? <input type="hidden" name="volumeBindingMode" value={v.volumeBindingMode ?? ""} /> : null}
            <select {...draft.bind("volumeBindingMode")} disabled={locked} className={inputClass(draft.error("volumeBindingMode"))}>
              <option value="WaitForFirstConsumer">WaitForFirstConsumer (suggested)</option>
              <option value="Immediate">Immediate</option>
            </select>
            <p className="text-xs text-slate-500">
              {v.volumeBindingMode === "Immediate"
                ? "The volume is created as soon as the claim is, possibly on a node the pod cannot reach."
                : "The volume is created once a pod uses the claim, where the scheduler puts the pod."}
            </p>
            <FieldError draft={draft} name="volumeBindingMode" />
          </div>
        </div>

        <label className="flex items-center gap-2 text-sm">
          <input {...draft.bindCheckbox("allowVolumeExpansion")} /> Allow volume expansion (developers may grow their claims)
        </label>

        <Field name="mountOptions" label="Mount options" error={draft.error("mountOptions")} hint="One per line, e.g. noatime. Only used by provisioners whose volumes are mounted with options.">
          <textarea {...draft.bind("mountOptions")} rows={3} className={inputClass(draft.error("mountOptions"))} />
        </Field>

        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input {...draft.bindCheckbox("isDefault")} /> Default class (claims that name no class get this one)
          </label>
          <DefaultNotice name={name} isDefault={d.isDefault} currentDefault={props.currentDefault} wasDefault={base ? storageClassValues(base).isDefault === "true" : false} />
        </div>

        {replacing && base && props.usage ? <StorageClassReplacePanel name={name} usage={props.usage} changed={changed} draft={draft} /> : null}

        <FormMessage result={state} />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton variant={replacing ? "danger" : "primary"}>{replacing ? "Replace class" : editing ? "Save changes" : "Create class"}</SubmitButton>
          <CheckButton />
          <ButtonLink href={props.cancelHref} variant="ghost">
            Cancel
          </ButtonLink>
        </div>
      </form>
      <div className="lg:sticky lg:top-4 lg:self-start">
        <YamlPreview
          object={object}
          note={
            replacing
              ? `Sent as: DELETE storageclass ${name} (only if still uid ${base?.metadata.uid ?? ""}), then POST this object.`
              : editing
                ? `Sent as: PUT with resourceVersion ${v.resourceVersion ?? ""}; if the class changed since you opened it, nothing is overwritten.`
                : undefined
          }
        />
      </div>
    </div>
  );
}

function FieldError({ draft, name }: { draft: ReturnType<typeof useFormDraft>; name: string }) {
  const e = draft.error(name);
  return e ? (
    <p id={`${name}-error`} role="alert" data-field-error={name} className="text-xs text-rose-700">
      {e}
    </p>
  ) : null;
}

/** Locked parameter inputs are disabled (not submitted); these carry the current values. */
function ParametersHidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values)
        .filter(([k]) => k.startsWith("parameters."))
        .map(([k, val]) => (
          <input key={k} type="hidden" name={k} value={val} />
        ))}
    </>
  );
}

function DefaultNotice({ name, isDefault, currentDefault, wasDefault }: { name: string; isDefault: boolean; currentDefault: string | undefined; wasDefault: boolean }) {
  const other = currentDefault && currentDefault !== name ? currentDefault : undefined;
  if (isDefault && other) {
    return (
      <p role="status" data-testid="default-notice" className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900 ring-1 ring-sky-200">
        “{other}” is the default class now. Saving makes “{name || "this class"}” the default and removes the flag from “{other}”: only one class is the default at a time. Existing claims keep their class.
      </p>
    );
  }
  if (isDefault && !other && !wasDefault) {
    return (
      <p role="status" data-testid="default-notice" className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900 ring-1 ring-sky-200">
        There is no default class now. From now on, new claims that name no class get “{name || "this class"}”.
      </p>
    );
  }
  if (!isDefault && wasDefault) {
    return (
      <p role="status" data-testid="default-notice" className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200">
        After saving there is no default class: new claims that name no class only bind to volumes without a class.
      </p>
    );
  }
  return null;
}

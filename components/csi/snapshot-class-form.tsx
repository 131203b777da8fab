"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { zodFieldErrors } from "@/lib/actions/result";
import Link from "next/link";
import {
  buildSnapshotClass,
  changedImmutableSnapshotFields,
  snapshotClassDraft,
  snapshotClassSchema,
  snapshotClassValues,
  type SnapshotClassObject,
} from "@/lib/validations/snapshot-class";
import { deletionPolicyText } from "@/lib/storage/snapshots";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { KeyValueRows } from "@/components/forms/key-value-rows";
import { CheckButton } from "@/components/forms/check-button";
import { useFormDraft, useResultKey } from "@/components/forms/use-form-draft";
import { ReplacePanel, SaveModeChoice } from "@/components/forms/replace-panel";

type Action = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;

interface Props {
  action: Action;
  initialValues: Record<string, string>;
  /** CSIDriver names (the picker); a class for another driver would never be used. */
  drivers: string[];
  /** Current default per driver, to say what "default" changes. */
  defaults: Record<string, string>;
  base?: SnapshotClassObject;
  /** Edit only: snapshots that name this class (the replace warning lists them). */
  usage?: { namespace: string; name: string; readyToUse: boolean }[];
  cancelHref: string;
}

const validate = (values: Record<string, string>) => {
  const r = snapshotClassSchema.safeParse(snapshotClassDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
};

/** Create or edit a VolumeSnapshotClass; on edit, driver and parameters change only by a replace. */
export function SnapshotClassForm(props: Props) {
  const [state, formAction] = useActionState(props.action, null);
  const [sent, setSent] = useState(props.initialValues);
  const key = useResultKey(state);
  return <Body key={key} {...props} state={state} formAction={formAction} initial={sent} onSend={setSent} />;
}

function Body(props: Props & { state: ActionResult | null; formAction: (fd: FormData) => void; initial: Record<string, string>; onSend: (v: Record<string, string>) => void }) {
  const { state, base } = props;
  const draft = useFormDraft({ initial: props.initial, serverErrors: state && !state.ok ? state.fieldErrors : undefined, submitted: state !== null, validate });
  const v = draft.values;
  const editing = Boolean(base);
  const replacing = editing && v.mode === "replace";
  const locked = editing && !replacing;
  const d = snapshotClassDraft(v);
  const object = buildSnapshotClass(d, base ? { ...base, metadata: { ...base.metadata, resourceVersion: v.resourceVersion } } : undefined, replacing ? "replace" : "update");
  const changed = base ? changedImmutableSnapshotFields(d, base) : [];
  const lock = locked ? <Badge title="Snapshots already taken depend on it: change it with “Replace”">fixed</Badge> : null;
  const otherDefault = props.defaults[v.driver ?? ""];
  const err = (n: string) => draft.error(n);
  const setMode = (mode: "update" | "replace") => {
    draft.set("mode", mode);
    if (mode === "update" && base) {
      // Back to in place: driver and parameters return to what the cluster has.
      const current = snapshotClassValues(base);
      draft.remove(Object.keys(v).filter((k) => k.startsWith("parameters.")));
      for (const k of ["driver", ...Object.keys(current).filter((k) => k.startsWith("parameters."))]) draft.set(k, current[k] ?? "");
    }
  };
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form action={props.formAction} onSubmit={() => props.onSend(v)} className="space-y-5" noValidate aria-label="Snapshot class">
        {editing ? (
          <SaveModeChoice values={v} replacing={replacing} onMode={setMode} inPlace="deletion policy, description, default" replace="driver or parameters" error={err("mode")} />
        ) : null}
        {err("resourceVersion") ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300">
            {err("resourceVersion")} Your changes were not saved; reload the page to start from the latest version.
          </p>
        ) : null}
        <Field name="name" label="Name" error={err("name")} hint={editing ? "A class keeps its name." : "Snapshots name their class; lowercase letters, digits, '-' and '.'."}>
          <input {...draft.bind("name")} readOnly={editing} autoComplete="off" className={inputClass(err("name"))} />
        </Field>
        <Field name="description" label="Description for developers" error={err("description")}>
          <input {...draft.bind("description")} className={inputClass(err("description"))} />
        </Field>
        <div className="space-y-1">
          <label htmlFor="driver" className="flex items-center gap-2 text-sm font-medium text-slate-800">
            CSI driver {lock}
          </label>
          {locked ? <input type="hidden" name="driver" value={v.driver ?? ""} /> : null}
          <select {...draft.bind("driver")} disabled={locked} className={inputClass(err("driver"))}>
            <option value="">Choose a driver…</option>
            {[...new Set([...props.drivers, ...(v.driver ? [v.driver] : [])])].map((d) => (
              <option key={d} value={d}>
                {d}
                {props.drivers.includes(d) ? "" : " (not registered)"}
              </option>
            ))}
          </select>
          {props.drivers.length === 0 ? <p className="text-xs text-amber-800">No CSIDriver is registered: snapshots of this class would never be cut.</p> : null}
          {err("driver") ? <p role="alert" data-field-error="driver" className="text-xs text-rose-700">{err("driver")}</p> : null}
        </div>
        <div className="space-y-1">
          <p className="flex items-center gap-2 text-sm font-medium text-slate-800">Parameters {lock}</p>
          <KeyValueRows draft={draft} prefix="parameters" label="Parameters" keyPlaceholder="key" valuePlaceholder="value" disabled={locked} />
          {locked
            ? Object.entries(base?.parameters ?? {}).map(([k, x], i) => (
                <span key={k}>
                  <input type="hidden" name={`parameters.${i}.key`} value={k} />
                  <input type="hidden" name={`parameters.${i}.value`} value={x} />
                </span>
              ))
            : null}
          {err("parameters") ? <p role="alert" className="text-xs text-rose-700">{err("parameters")}</p> : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="deletionPolicy" className="block text-sm font-medium text-slate-800">
            When a snapshot is deleted
          </label>
          <select {...draft.bind("deletionPolicy")} className={inputClass(err("deletionPolicy"))}>
            <option value="Delete">Delete the copy on the storage system too</option>
            <option value="Retain">Keep the copy on the storage system (Retain)</option>
          </select>
          <p className="text-xs text-slate-500" data-testid="deletion-policy-help">{deletionPolicyText(v.deletionPolicy ?? "Delete")}</p>
          {err("deletionPolicy") ? <p role="alert" data-field-error="deletionPolicy" className="text-xs text-rose-700">{err("deletionPolicy")}</p> : null}
        </div>
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm">
            <input {...draft.bindCheckbox("isDefault")} /> Default for this driver (snapshots that name no class get this one)
          </label>
          {v.isDefault === "true" && otherDefault && otherDefault !== v.name ? (
            <p className="text-xs text-amber-800" data-testid="default-notice">
              {otherDefault} is the default for {v.driver} now; it stops being the default when you save.
            </p>
          ) : null}
        </div>
        {replacing && base ? (
          <ReplacePanel
            name={v.name ?? ""}
            fixed="driver or parameters"
            changed={changed}
            draft={draft}
            consequences={[
              "Snapshots already taken keep their data and their class name; their copies on the storage system keep the driver and deletion policy they were cut with.",
              "Snapshots taken from now on (and any still waiting to be cut) use the new driver and parameters. Between the delete and the create, new snapshots naming this class wait; the snapshot controller retries.",
            ]}
            usage={<SnapshotUsage usage={props.usage ?? []} />}
          />
        ) : null}
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
              ? `Sent as: DELETE volumesnapshotclass ${v.name ?? ""} (only if still uid ${base?.metadata.uid ?? ""}), then POST this object; both dry-run first.`
              : editing
                ? `Sent as: PUT with resourceVersion ${v.resourceVersion ?? ""}.`
                : undefined
          }
        />
      </div>
    </div>
  );
}

function SnapshotUsage({ usage }: { usage: { namespace: string; name: string; readyToUse: boolean }[] }) {
  return (
    <div>
      <p className="font-medium" data-testid="class-snapshot-count">
        Named by {usage.length} snapshot{usage.length === 1 ? "" : "s"}
      </p>
      {usage.length ? (
        <ul className="mt-1 max-h-40 overflow-auto text-xs" aria-label="Snapshots of this class">
          {usage.map((u) => (
            <li key={`${u.namespace}/${u.name}`}>
              <Link className="underline" href={`/snapshots/${encodeURIComponent(u.namespace)}/${encodeURIComponent(u.name)}`}>
                {u.namespace}/{u.name}
              </Link>{" "}
              ({u.readyToUse ? "ready" : "not ready"})
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

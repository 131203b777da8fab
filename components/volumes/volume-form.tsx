"use client";

import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { zodFieldErrors } from "@/lib/actions/result";
import { ACCESS_MODES, VOLUME_MODES } from "@/lib/validations/common";
import { buildPersistentVolume, persistentVolumeDraft, persistentVolumeSchema } from "@/lib/validations/persistent-volume";
import { RECLAIM_POLICY_HELP } from "@/lib/validations/storage-class";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { ButtonLink } from "@/components/ui/button";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { KeyValueRows } from "@/components/forms/key-value-rows";
import { CheckButton } from "@/components/forms/check-button";
import { useFormDraft, useResultKey } from "@/components/forms/use-form-draft";
import { VolumeSourceFields, type NodeChoice } from "./volume-source-fields";
import { MatchPreview } from "./match-preview";

type Action = (prev: ActionResult | null, formData: FormData) => Promise<ActionResult>;

interface Props {
  action: Action;
  initialValues: Record<string, string>;
  /** Existing StorageClass names; static volumes may also use a name with no class object. */
  classNames: string[];
  nodes: NodeChoice[];
  /** Directories host path volumes may use (server configuration). */
  hostPathPrefixes: string[];
  csiDrivers: string[];
  namespaces: string[];
}

const ACCESS_HELP: Record<string, string> = {
  ReadWriteOnce: "one node reads and writes",
  ReadOnlyMany: "many nodes read",
  ReadWriteMany: "many nodes read and write",
  ReadWriteOncePod: "one pod reads and writes",
};

const validate = (values: Record<string, string>) => {
  const r = persistentVolumeSchema.safeParse(persistentVolumeDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
};

export function VolumeForm(props: Props) {
  const [state, formAction] = useActionState(props.action, null);
  const [sent, setSent] = useState(props.initialValues);
  const key = useResultKey(state);
  return <VolumeFormBody key={key} {...props} state={state} formAction={formAction} initial={sent} onSend={setSent} />;
}

function VolumeFormBody(props: Props & { state: ActionResult | null; formAction: (fd: FormData) => void; initial: Record<string, string>; onSend: (v: Record<string, string>) => void }) {
  const { state } = props;
  const draft = useFormDraft({
    initial: props.initial,
    serverErrors: state && !state.ok ? state.fieldErrors : undefined,
    submitted: state !== null,
    validate,
  });
  const v = draft.values;
  const object = buildPersistentVolume(persistentVolumeDraft(v));
  const input = (name: string) => ({ ...draft.bind(name), className: inputClass(draft.error(name)) });
  const className = (v.storageClassName ?? "").trim();
  const sourceType = v.sourceType ?? "hostPath";
  const query = new URLSearchParams(Object.entries(v).filter(([k]) => k !== "intent")).toString();

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form action={props.formAction} onSubmit={() => props.onSend(v)} className="space-y-5" noValidate aria-label="Persistent volume">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="name" label="Name" error={draft.error("name")}>
            <input {...input("name")} autoComplete="off" placeholder="pv-manual-10g" />
          </Field>
          <Field name="capacity" label="Capacity" error={draft.error("capacity")} hint="The size claims are matched against, e.g. 10Gi.">
            <input {...input("capacity")} placeholder="10Gi" />
          </Field>
        </div>

        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800">Access modes</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {ACCESS_MODES.map((m) => (
              <label key={m} className="flex items-center gap-2" title={ACCESS_HELP[m]}>
                <input {...draft.bindMulti("accessModes", m)} /> {m}
              </label>
            ))}
          </div>
          {draft.error("accessModes") ? <p role="alert" data-field-error="accessModes" className="text-xs text-rose-700">{draft.error("accessModes")}</p> : null}
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-3">
          <Field name="volumeMode" label="Volume mode" error={draft.error("volumeMode")}>
            <select {...input("volumeMode")}>
              {VOLUME_MODES.map((m) => (
                <option key={m} value={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Field name="reclaimPolicy" label="Reclaim policy" error={draft.error("reclaimPolicy")} hint={RECLAIM_POLICY_HELP[v.reclaimPolicy ?? "Retain"]}>
            <select {...input("reclaimPolicy")}>
              <option value="Retain">Retain</option>
              <option value="Delete">Delete</option>
            </select>
          </Field>
          <Field
            name="storageClassName"
            label="Storage class"
            error={draft.error("storageClassName")}
            hint={
              !className
                ? "No class: only claims that ask for no class bind."
                : props.classNames.includes(className)
                  ? `Claims of class “${className}” can bind.`
                  : `No StorageClass “${className}” exists; that is fine: claims naming “${className}” bind to it by name.`
            }
          >
            <input {...input("storageClassName")} list="class-names" placeholder="manual" />
          </Field>
          <datalist id="class-names">
            {[...new Set([...props.classNames, "manual"])].map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>

        <VolumeSourceFields draft={draft} nodes={props.nodes} csiDrivers={props.csiDrivers} hostPathPrefixes={props.hostPathPrefixes} />

        {sourceType === "nfs" || sourceType === "csi" || (v.mountOptions ?? "") !== "" ? (
          <Field name="mountOptions" label="Mount options" error={draft.error("mountOptions")} hint="One per line, e.g. nfsvers=4.1">
            <textarea {...input("mountOptions")} rows={2} />
          </Field>
        ) : null}

        <div className="space-y-1">
          <p className="text-sm font-medium text-slate-800">Labels</p>
          <p className="text-xs text-slate-500">Claims with a label selector only bind to volumes whose labels match.</p>
          <KeyValueRows draft={draft} prefix="labels" label="Labels" keyPlaceholder="key, e.g. disk" valuePlaceholder="value" />
          {draft.error("labels") ? <p role="alert" className="text-xs text-rose-700">{draft.error("labels")}</p> : null}
        </div>

        <fieldset className="space-y-2 rounded-lg p-3 ring-1 ring-slate-200">
          <legend className="px-1 text-sm font-medium text-slate-800">Reserve for one claim (optional)</legend>
          <p className="text-xs text-slate-500">The volume then binds only to this claim, even before the claim exists.</p>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="claimRef.namespace" label="Claim namespace" error={draft.error("claimRef.namespace")}>
              <input {...input("claimRef.namespace")} list="namespaces" />
            </Field>
            <Field name="claimRef.name" label="Claim name" error={draft.error("claimRef.name")}>
              <input {...input("claimRef.name")} />
            </Field>
          </div>
          <datalist id="namespaces">
            {props.namespaces.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </fieldset>

        <FormMessage result={state} />
        <div className="flex flex-wrap items-center gap-3">
          <SubmitButton>Create volume</SubmitButton>
          <CheckButton />
          <ButtonLink href="/admin/volumes" variant="ghost">
            Cancel
          </ButtonLink>
        </div>
      </form>
      <div className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <MatchPreview
          query={query}
          onReserve={(ns, name) => {
            draft.set("claimRef.namespace", ns);
            draft.set("claimRef.name", name);
          }}
        />
        <YamlPreview object={object} />
      </div>
    </div>
  );
}

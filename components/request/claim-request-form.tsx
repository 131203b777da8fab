"use client";

import { useActionState, useMemo, useState } from "react";
import { requestClaimAction } from "@/lib/actions/claims";
import {
  budgetProblem,
  claimManifest,
  claimRequestSchema,
  type StorageBudget,
} from "@/lib/validations/claim";
import { ACCESS_MODES, VOLUME_MODES } from "@/lib/validations/common";
import type { StorageClassRow } from "@/lib/k8s/storage-classes";
import type { VolumeOption } from "@/lib/validations/volume-search";
import { SelectField } from "@/components/ui/select-field";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { zodFieldErrors } from "@/lib/actions/result";
import { BudgetPanel } from "./budget-panel";
import { ClassCards } from "./class-cards";
import { VolumePicker } from "./volume-picker";

interface Props {
  namespaces: string[];
  classes: StorageClassRow[];
  budgets: Record<string, StorageBudget>;
}

type Values = Record<string, string>;

export function ClaimRequestForm({ namespaces, classes, budgets }: Props) {
  const [state, formAction] = useActionState(requestClaimAction, null);
  const defaults: Values = {
    namespace: namespaces[0] ?? "",
    name: "",
    size: "1Gi",
    accessMode: "ReadWriteOnce",
    volumeMode: "Filesystem",
    source: classes.length ? "class" : "volume",
    storageClass: classes.find((c) => c.isDefault)?.name ?? "",
    volumeName: "",
  };
  const [v, setV] = useState<Values>(defaults);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  // After a refused submit, show exactly what was sent again.
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state && !state.ok && state.values) setV({ ...defaults, ...state.values });
  }
  const set = (k: string) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    setTouched((t) => new Set(t).add(k));
  };

  // The picker searches the server; it hands back the volume chosen (for its class).
  const [picked, setPicked] = useState<VolumeOption>();
  const chosenPv = picked?.name === v.volumeName ? picked : undefined;
  const effectiveClass = v.source === "volume" ? chosenPv?.storageClass : v.storageClass;
  const parsed = claimRequestSchema.safeParse(v);
  const clientErrors: Values = parsed.success ? {} : zodFieldErrors(parsed.error);
  const budget = budgets[v.namespace ?? ""];
  const overBudget = budgetProblem(budget, v.size ?? "", effectiveClass);
  if (overBudget) clientErrors.size = overBudget;
  const serverErrors = state && !state.ok ? state.fieldErrors : {};
  const err = (k: string) => (touched.has(k) ? clientErrors[k] : undefined) ?? serverErrors[k];

  const manifest = useMemo(
    () =>
      claimManifest({
        namespace: v.namespace ?? "",
        name: v.name || "<name>",
        size: v.size ?? "",
        accessMode: v.accessMode ?? "",
        volumeMode: v.volumeMode ?? "",
        storageClass: effectiveClass,
        volumeName: v.source === "volume" ? v.volumeName || undefined : undefined,
      }),
    [v, effectiveClass],
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_24rem]">
      <form
        action={formAction}
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          // Refuse before sending when the quota or limits already say no.
          if (overBudget || !parsed.success) {
            e.preventDefault();
            setTouched(new Set(Object.keys(v)));
          }
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField name="namespace" label="Namespace" error={err("namespace")} value={v.namespace} onChange={set("namespace")} options={namespaces} />
          <Field
            name="name"
            label="Claim name"
            error={err("name")}
            hint="Lowercase letters, digits and '-'."
          >
            <input
              id="name"
              name="name"
              className={inputClass(err("name"))}
              value={v.name}
              onChange={(e) => set("name")(e.target.value)}
              aria-invalid={err("name") ? true : undefined}
            />
          </Field>
          <Field name="size" label="Size" error={err("size")} hint="For example 3Gi or 500Mi.">
            <input
              id="size"
              name="size"
              className={inputClass(err("size"))}
              value={v.size}
              onChange={(e) => set("size")(e.target.value)}
              aria-invalid={err("size") ? true : undefined}
            />
          </Field>
          <BudgetPanel budget={budget} storageClass={effectiveClass} />
          <SelectField name="accessMode" label="Access mode" error={err("accessMode")} value={v.accessMode} onChange={set("accessMode")} options={ACCESS_MODES} />
          <SelectField name="volumeMode" label="Volume mode" error={err("volumeMode")} value={v.volumeMode} onChange={set("volumeMode")} options={VOLUME_MODES} />
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">How to get the volume</legend>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="source"
                value="class"
                checked={v.source === "class"}
                onChange={() => set("source")("class")}
              />
              New volume from a storage class
            </label>
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name="source"
                value="volume"
                checked={v.source === "volume"}
                onChange={() => set("source")("volume")}
              />
              An existing available volume
            </label>
          </div>
          {v.source === "class" ? (
            <Field name="storageClass" label="Storage class" error={err("storageClass")}>
              <ClassCards
                classes={classes}
                value={v.storageClass}
                onChange={set("storageClass")}
                error={err("storageClass")}
              />
            </Field>
          ) : (
            <Field
              name="volumeName"
              label="Available volume"
              error={err("volumeName")}
              hint="Choosing a volume also sets its class on the claim."
            >
              <VolumePicker
                claim={{ requested: v.size ?? "", accessMode: v.accessMode ?? "", volumeMode: v.volumeMode ?? "" }}
                value={v.volumeName}
                known={chosenPv !== undefined}
                onChange={(pv) => {
                  setPicked(pv);
                  set("volumeName")(pv.name);
                }}
                error={err("volumeName")}
              />
            </Field>
          )}
        </fieldset>
        <FormMessage result={state} />
        <SubmitButton>Request volume</SubmitButton>
      </form>
      <YamlPreview
        object={manifest}
        note="Checked by the cluster with a dry run before it is created."
      />
    </div>
  );
}

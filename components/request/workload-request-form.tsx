"use client";

import { useActionState, useState } from "react";
import { requestWorkloadAction } from "@/lib/actions/workloads";
import {
  TEMPLATE_DEFAULTS,
  RETENTION_RULES,
  WORKLOAD_TEMPLATES,
  workloadManifests,
  workloadRequestSchema,
  type WorkloadTemplate,
} from "@/lib/validations/workload";
import { budgetProblem, type StorageBudget } from "@/lib/validations/claim";
import { ACCESS_MODES } from "@/lib/validations/common";
import { parseQuantity } from "@/lib/quantity";
import { zodFieldErrors } from "@/lib/actions/result";
import { SelectField } from "@/components/ui/select-field";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { YamlPreview } from "@/components/ui/yaml-preview";
import { cn } from "@/components/ui/cn";
import { BudgetPanel } from "./budget-panel";
import { retentionText } from "@/lib/flow/scale-preview";

const TEMPLATE_TEXT: Record<WorkloadTemplate, [string, string]> = {
  mysql: [
    "MySQL",
    "Deployment like the Kubernetes docs example: mysql:8, root password in a Secret, data at /var/lib/mysql, Recreate strategy.",
  ],
  generic: [
    "Single container",
    "A Deployment running one image with your command and the claim mounted where you say.",
  ],
  statefulset: ["StatefulSet", "Each replica gets its own claim from a volumeClaimTemplate."],
};

interface Props {
  namespaces: string[];
  claims: { namespace: string; name: string; phase: string; size: string }[];
  classes: { name: string; isDefault: boolean }[];
  budgets: Record<string, StorageBudget>;
  initial?: Record<string, string>;
}

export function WorkloadRequestForm({ namespaces, claims, classes, budgets, initial }: Props) {
  const [state, formAction] = useActionState(requestWorkloadAction, null);
  const base = (t: WorkloadTemplate): Record<string, string> => ({
    template: t,
    namespace: namespaces[0] ?? "",
    name: "",
    image: TEMPLATE_DEFAULTS[t].image,
    command: TEMPLATE_DEFAULTS[t].command,
    mountPath: TEMPLATE_DEFAULTS[t].mountPath,
    rootPassword: "",
    claimMode: t === "statefulset" ? "" : "existing",
    claimName: t === "statefulset" ? "data" : "",
    size: "1Gi",
    storageClass: classes.find((c) => c.isDefault)?.name ?? classes[0]?.name ?? "",
    accessMode: "ReadWriteOnce",
    replicas: "1",
    whenDeleted: "Retain",
    whenScaled: "Retain",
    ...initial,
  });
  const [v, setV] = useState<Record<string, string>>(() =>
    base((initial?.template as WorkloadTemplate) ?? "mysql"),
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state && !state.ok && state.values) setV((old) => ({ ...old, ...state.values }));
  }
  const set = (k: string, value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    setTouched((t) => new Set(t).add(k));
  };
  const t = (v.template ?? "mysql") as WorkloadTemplate;
  const parsed = workloadRequestSchema.safeParse(v);
  const clientErrors: Record<string, string> = parsed.success ? {} : zodFieldErrors(parsed.error);
  const newClaim = t === "statefulset" || v.claimMode === "new";
  const budget = budgets[v.namespace ?? ""];
  const total =
    t === "statefulset"
      ? String((parseQuantity(v.size) ?? 0) * Number(v.replicas || 1))
      : (v.size ?? "");
  const over = newClaim ? budgetProblem(budget, total, v.storageClass) : undefined;
  if (over) clientErrors.size = over;
  const serverErrors = state && !state.ok ? state.fieldErrors : {};
  const err = (k: string) => (touched.has(k) ? clientErrors[k] : undefined) ?? serverErrors[k];
  const nsClaims = claims.filter((c) => c.namespace === v.namespace);
  const preview = parsed.success
    ? workloadManifests({
        ...parsed.data,
        rootPassword: parsed.data.rootPassword ? "<hidden>" : undefined,
      }).map((o) => o.body)
    : undefined;
  const input = (k: string, label: string, hint?: string, type = "text") => (
    <Field name={k} label={label} error={err(k)} hint={hint}>
      <input
        id={k}
        name={k}
        type={type}
        className={inputClass(err(k))}
        value={v[k] ?? ""}
        onChange={(e) => set(k, e.target.value)}
        aria-invalid={err(k) ? true : undefined}
      />
    </Field>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_26rem]">
      <form
        action={formAction}
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          if (!parsed.success || over) {
            e.preventDefault();
            setTouched(new Set(Object.keys(v)));
          }
        }}
      >
        <div role="radiogroup" aria-label="Template" className="grid gap-3 sm:grid-cols-3">
          {WORKLOAD_TEMPLATES.map((k) => (
            <label
              key={k}
              className={cn(
                "cursor-pointer rounded-lg bg-white p-3 text-sm ring-1",
                t === k ? "ring-2 ring-indigo-500" : "ring-slate-200",
              )}
            >
              <span className="flex items-center gap-2 font-semibold">
                <input
                  type="radio"
                  name="template"
                  value={k}
                  checked={t === k}
                  onChange={() =>
                    setV({ ...base(k), namespace: v.namespace ?? "", name: v.name ?? "" })
                  }
                />
                {TEMPLATE_TEXT[k][0]}
              </span>
              <span className="mt-1 block text-xs text-slate-600">{TEMPLATE_TEXT[k][1]}</span>
            </label>
          ))}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField name="namespace" label="Namespace" error={err("namespace")} value={v.namespace} onChange={(x) => set("namespace", x)} options={namespaces} />
          {input("name", "Workload name")}
          {input("image", "Image")}
          {input(
            "mountPath",
            "Mount path",
            t === "mysql" ? "Where MySQL keeps its data." : undefined,
          )}
          {t === "mysql"
            ? input(
                "rootPassword",
                "MySQL root password",
                "Stored in a Secret; the container reads it via secretKeyRef.",
                "password",
              )
            : input("command", "Command (optional)", "Run with sh -c.")}
          {t === "statefulset" ? input("replicas", "Replicas", undefined, "number") : null}
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">Volume</legend>
          {t !== "statefulset" ? (
            <div className="flex gap-4 text-sm">
              {(["existing", "new"] as const).map((m) => (
                <label key={m} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="claimMode"
                    value={m}
                    checked={v.claimMode === m}
                    onChange={() => set("claimMode", m)}
                  />
                  {m === "existing" ? "Attach an existing claim" : "Create a new claim with it"}
                </label>
              ))}
            </div>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            {v.claimMode === "existing" && t !== "statefulset" ? (
              <SelectField
                name="claimName"
                label="Claim"
                error={err("claimName")}
                value={v.claimName}
                onChange={(x) => set("claimName", x)}
                placeholder="Choose a claim…"
                options={nsClaims.map((c) => ({ value: c.name, label: `${c.name} (${c.size}, ${c.phase})` }))}
              />
            ) : (
              input("claimName", t === "statefulset" ? "Claim template name" : "New claim name")
            )}
            {newClaim ? (
              <>
                {input("size", t === "statefulset" ? "Size per replica" : "Size")}
                <SelectField
                  name="storageClass"
                  label="Storage class"
                  error={err("storageClass")}
                  value={v.storageClass}
                  onChange={(x) => set("storageClass", x)}
                  placeholder="Choose a class…"
                  options={classes.map((c) => ({ value: c.name, label: c.isDefault ? `${c.name} (default)` : c.name }))}
                />
                <SelectField name="accessMode" label="Access mode" error={err("accessMode")} value={v.accessMode} onChange={(x) => set("accessMode", x)} options={ACCESS_MODES} />
                <BudgetPanel budget={budget} storageClass={v.storageClass} />
              </>
            ) : null}
          </div>
        </fieldset>
        {t === "statefulset" ? (
          <fieldset className="space-y-2" data-testid="retention-fields">
            <legend className="text-sm font-medium text-slate-800">What happens to the per-replica claims</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                name="whenDeleted"
                label="When the StatefulSet is deleted"
                error={err("whenDeleted")}
                value={v.whenDeleted}
                onChange={(x) => set("whenDeleted", x)}
                options={RETENTION_RULES}
                hint={retentionText({ whenDeleted: v.whenDeleted === "Delete" ? "Delete" : "Retain", whenScaled: "Retain" }).whenDeleted}
              />
              <SelectField
                name="whenScaled"
                label="When it is scaled down"
                error={err("whenScaled")}
                value={v.whenScaled}
                onChange={(x) => set("whenScaled", x)}
                options={RETENTION_RULES}
                hint={retentionText({ whenDeleted: "Retain", whenScaled: v.whenScaled === "Delete" ? "Delete" : "Retain" }).whenScaled}
              />
            </div>
            <p className="text-xs text-slate-500">
              Kubernetes&apos; persistentVolumeClaimRetentionPolicy. Delete removes the claims; what then happens to the data depends on each volume&apos;s reclaim policy.
            </p>
          </fieldset>
        ) : null}
        <FormMessage result={state} />
        <SubmitButton>Create workload</SubmitButton>
      </form>
      {preview ? (
        <YamlPreview
          object={
            preview.length === 1 ? preview[0] : { apiVersion: "v1", kind: "List", items: preview }
          }
          note="Each object is dry-run by the cluster before anything is created."
        />
      ) : (
        <p className="text-sm text-slate-500">Fill in the form to see the YAML.</p>
      )}
    </div>
  );
}

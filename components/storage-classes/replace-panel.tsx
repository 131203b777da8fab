"use client";

import Link from "next/link";
import type { FormDraft } from "@/components/forms/use-form-draft";

export interface ClassUsage {
  volumes: { name: string; phase: string }[];
  claims: { namespace: string; name: string; phase: string }[];
}

const FIELD_LABELS: Record<string, string> = {
  provisioner: "provisioner",
  parameters: "parameters",
  reclaimPolicy: "reclaim policy",
  volumeBindingMode: "volume binding mode",
};

/** What a replace does, who uses the class, and the box that must be ticked before it runs. */
export function ReplacePanel({ name, usage, changed, draft }: { name: string; usage: ClassUsage; changed: string[]; draft: FormDraft }) {
  const error = draft.error("confirmReplace");
  return (
    <section role="region" aria-label="Replace warning" className="space-y-3 rounded-lg bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300">
      <h3 className="font-semibold">Replace deletes “{name}” and creates it again with the same name</h3>
      <p>
        Kubernetes does not allow changing the provisioner, parameters, reclaim policy or binding mode of an existing class.
        {changed.length ? ` You changed: ${changed.map((c) => FIELD_LABELS[c] ?? c).join(", ")}.` : " Nothing that needs a replace has changed yet."}
      </p>
      <ul className="list-disc space-y-1 pl-5">
        <li>Existing volumes and claims keep the class name and stay as they are; their settings are not changed.</li>
        <li>New claims get volumes with the new settings. For the moment between delete and create, claims naming this class wait; the provisioner retries.</li>
        <li>If creating the new class fails, the old one is put back.</li>
      </ul>
      <div>
        <p className="font-medium">
          In use by {usage.volumes.length} volume{usage.volumes.length === 1 ? "" : "s"} and {usage.claims.length} claim{usage.claims.length === 1 ? "" : "s"}
        </p>
        {usage.volumes.length + usage.claims.length > 0 ? (
          <ul className="mt-1 max-h-40 overflow-auto text-xs" aria-label="Objects using this class">
            {usage.volumes.map((v) => (
              <li key={`pv/${v.name}`}>
                Volume <Link className="underline" href={`/admin/volumes/${encodeURIComponent(v.name)}`}>{v.name}</Link> ({v.phase})
              </li>
            ))}
            {usage.claims.map((c) => (
              <li key={`pvc/${c.namespace}/${c.name}`}>
                Claim {c.namespace}/{c.name} ({c.phase})
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <label className="flex items-start gap-2">
        <input {...draft.bindCheckbox("confirmReplace")} className="mt-1" aria-invalid={error ? true : undefined} />
        <span>I understand that “{name}” is deleted and created again.</span>
      </label>
      {error ? <p role="alert" data-field-error="confirmReplace" className="text-xs text-rose-700">{error}</p> : null}
    </section>
  );
}

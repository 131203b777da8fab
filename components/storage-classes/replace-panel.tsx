"use client";

import Link from "next/link";
import type { FormDraft } from "@/components/forms/use-form-draft";
import { ReplacePanel } from "@/components/forms/replace-panel";

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

/** The storage class's replace warning: who uses the class, and what happens to them. */
export function StorageClassReplacePanel({ name, usage, changed, draft }: { name: string; usage: ClassUsage; changed: string[]; draft: FormDraft }) {
  return (
    <ReplacePanel
      name={name}
      fixed="provisioner, parameters, reclaim policy or binding mode"
      changed={changed.map((c) => FIELD_LABELS[c] ?? c)}
      draft={draft}
      consequences={[
        "Existing volumes and claims keep the class name and stay as they are; their settings are not changed.",
        "New claims get volumes with the new settings. For the moment between delete and create, claims naming this class wait; the provisioner retries.",
      ]}
      usage={
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
      }
    />
  );
}

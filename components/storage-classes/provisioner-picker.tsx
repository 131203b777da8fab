"use client";

import { useState } from "react";
import type { ProvisionerOption } from "@/lib/k8s/csi-drivers";
import { inputClass } from "@/components/ui/field";
import type { FormDraft } from "@/components/forms/use-form-draft";

const OTHER = "__other__";

/** Picker fed by the cluster's CSI drivers and in-tree provisioners, with free text as a fallback. */
export function ProvisionerPicker({ draft, options, disabled }: { draft: FormDraft; options: ProvisionerOption[]; disabled?: boolean }) {
  const value = draft.values.provisioner ?? "";
  const [other, setOther] = useState(() => value !== "" && !options.some((o) => o.name === value));
  const error = draft.error("provisioner");
  const a11y = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? "provisioner-error" : undefined };
  return (
    <div className="space-y-2">
      <select
        id="provisioner"
        value={other ? OTHER : value}
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.value;
          setOther(v === OTHER);
          draft.set("provisioner", v === OTHER ? "" : v);
        }}
        onBlur={() => draft.touch("provisioner")}
        className={inputClass(error)}
        {...a11y}
      >
        <option value="">Choose a provisioner…</option>
        {options.map((o) => (
          <option key={o.name} value={o.name}>
            {o.name} — {o.note}
          </option>
        ))}
        <option value={OTHER}>Other (type its name)…</option>
      </select>
      {other ? (
        <input
          {...draft.bind("provisioner")}
          id="provisioner-other"
          aria-label="Provisioner name"
          placeholder="e.g. ebs.csi.aws.com"
          disabled={disabled}
          className={inputClass(error)}
        />
      ) : (
        <input type="hidden" name="provisioner" value={value} />
      )}
      {options.length === 0 ? <p className="text-xs text-amber-800">The cluster reports no CSI drivers and no in-tree provisioner: type the name yourself.</p> : null}
    </div>
  );
}

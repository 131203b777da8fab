"use client";

import type { ReactNode } from "react";
import type { FormDraft } from "./use-form-draft";

/**
 * What a "replace" (delete + create under the same name) does, who uses the object, and the
 * box that must be ticked before it runs. Shared by the class forms whose fields Kubernetes
 * does not change in place.
 */
export function ReplacePanel({
  name,
  fixed,
  changed,
  consequences,
  usage,
  draft,
}: {
  name: string;
  /** The fields that need a replace, in words ("provisioner, parameters…"). */
  fixed: string;
  /** Labels of the fields changed so far. */
  changed: string[];
  consequences: ReactNode[];
  usage: ReactNode;
  draft: FormDraft;
}) {
  const error = draft.error("confirmReplace");
  return (
    <section role="region" aria-label="Replace warning" className="space-y-3 rounded-lg bg-amber-50 p-4 text-sm text-amber-950 ring-1 ring-amber-300">
      <h3 className="font-semibold">Replace deletes “{name}” and creates it again with the same name</h3>
      <p>
        Kubernetes does not change the {fixed} of an existing class.
        {changed.length ? ` You changed: ${changed.join(", ")}.` : " Nothing that needs a replace has changed yet."}
      </p>
      <ul className="list-disc space-y-1 pl-5">
        {consequences.map((c, i) => (
          <li key={i}>{c}</li>
        ))}
        <li>Both the delete and the create are checked by the cluster (dry run) before anything happens. If creating the new class fails, the old one is put back.</li>
      </ul>
      {usage}
      <label className="flex items-start gap-2">
        <input {...draft.bindCheckbox("confirmReplace")} className="mt-1" aria-invalid={error ? true : undefined} />
        <span>I understand that “{name}” is deleted and created again.</span>
      </label>
      {error ? <p role="alert" data-field-error="confirmReplace" className="text-xs text-rose-700">{error}</p> : null}
    </section>
  );
}

/**
 * The edit form's hidden identity (uid, resourceVersion, mode) and the choice between an edit
 * in place and a replace.
 */
export function SaveModeChoice({
  values,
  replacing,
  onMode,
  inPlace,
  replace,
  error,
}: {
  values: Record<string, string>;
  replacing: boolean;
  onMode: (mode: "update" | "replace") => void;
  /** What each mode changes, e.g. "description, default". */
  inPlace: string;
  replace: string;
  error: string | undefined;
}) {
  return (
    <>
      <input type="hidden" name="uid" value={values.uid ?? ""} />
      <input type="hidden" name="resourceVersion" value={values.resourceVersion ?? ""} />
      <input type="hidden" name="mode" value={replacing ? "replace" : "update"} />
      <fieldset className="flex flex-wrap gap-4 text-sm" aria-label="How to save">
        <label className="flex items-center gap-2">
          <input type="radio" checked={!replacing} onChange={() => onMode("update")} /> Edit in place ({inPlace})
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" checked={replacing} onChange={() => onMode("replace")} /> Replace (change {replace})
        </label>
      </fieldset>
      {error ? <p role="alert" className="text-xs text-rose-700">{error}</p> : null}
    </>
  );
}

"use client";

import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { useFormStatus } from "react-dom";
import { previewCleanupAction, runCleanupAction } from "@/app/(admin)/admin/unused/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useClusterWritable } from "@/components/live/cluster-status-indicator";
import { confirmationMatches } from "@/lib/validations/unused";
import type { CleanupItemResult, PreviewItem } from "@/lib/unused/cleanup-types";

interface Props {
  selected: string[];
  pending: string;
  onDone: () => void;
}

/** Select -> dry-run preview -> typed confirmation -> results. Remounted (key) to start over. */
export function CleanupPanel(props: Props) {
  const [round, setRound] = useState(0);
  return <CleanupFlow key={round} {...props} restart={() => setRound((r) => r + 1)} />;
}

function CleanupFlow({ selected, pending, onDone, restart }: Props & { restart: () => void }) {
  const router = useRouter();
  const [preview, previewAction] = useActionState(previewCleanupAction, null);
  const [result, runAction] = useActionState(runCleanupAction, null);
  const finish = () => {
    onDone();
    restart();
    router.refresh();
  };
  if (result?.results) return <Results results={result.results} message={result} onDone={finish} />;
  if (preview?.ok && preview.preview) {
    const previewed = [...preview.preview.map((p) => p.id), ...(preview.missing ?? [])].sort();
    const changed = [...selected].sort().join("|") !== previewed.join("|");
    return <Preview items={preview.preview} missing={preview.missing ?? []} pending={pending} stale={changed} action={runAction} error={result} onCancel={restart} />;
  }
  return (
    <form action={previewAction} className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" aria-label="Cleanup">
      {selected.map((id) => (
        <input key={id} type="hidden" name="sel" value={id} />
      ))}
      <input type="hidden" name="pending" value={pending} />
      <span className="text-sm text-slate-700" data-testid="selected-count">
        {selected.length} selected
      </span>
      {selected.length > 0 ? <SubmitButton>Review cleanup of {selected.length}</SubmitButton> : <span className="text-xs text-slate-500">Select rows to review a cleanup.</span>}
      <FormMessage result={preview} />
    </form>
  );
}

const FATE: Record<PreviewItem["fate"], { tone: "red" | "green" | "gray"; label: string }> = {
  destroyed: { tone: "red", label: "Data destroyed" },
  kept: { tone: "green", label: "Data kept" },
  none: { tone: "gray", label: "No data" },
};

function Preview(props: {
  items: PreviewItem[];
  missing: string[];
  pending: string;
  stale: boolean;
  action: (fd: FormData) => void;
  error: { ok: boolean; message?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> } | null;
  onCancel: () => void;
}) {
  const { items, missing, pending, stale, action, error, onCancel } = props;
  const [confirm, setConfirm] = useState(error?.values?.confirm ?? "");
  const [retain, setRetain] = useState(error?.values?.retain === "on");
  const deletable = items.filter((i) => i.dryRun.ok);
  const destroyed = deletable.filter((i) => i.fate === "destroyed");
  const matches = confirmationMatches(confirm, deletable.length);
  const fieldError = error?.ok === false ? error.fieldErrors?.confirm : undefined;
  return (
    <section role="dialog" aria-label="Cleanup preview" aria-modal="false" className="mb-4 space-y-3 rounded-lg bg-white p-4 ring-2 ring-rose-300" data-testid="cleanup-preview">
      <h2 className="text-lg font-semibold">Review what will be deleted</h2>
      <p className="text-sm text-slate-700">
        A server-side dry run was made as you. <strong data-testid="deletable-count">{deletable.length}</strong> of {items.length} object{items.length === 1 ? "" : "s"} can be deleted;{" "}
        data of <strong data-testid="destroyed-count">{retain ? 0 : destroyed.length}</strong> volume{(retain ? 0 : destroyed.length) === 1 ? "" : "s"} would be destroyed.
      </p>
      {stale ? <p className="text-sm text-amber-800">Your selection changed after this preview. The objects below are the ones that would be deleted.</p> : null}
      <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
        {items.map((i) => {
          const fate = retain && i.fate === "destroyed" ? FATE.kept : FATE[i.fate];
          return (
            <li key={i.id} className="flex flex-wrap items-start justify-between gap-3 p-2 text-sm" data-testid={`preview-${i.id}`}>
              <div className="min-w-0">
                <p className="font-medium">
                  {i.kind} {i.namespace ? `${i.namespace}/` : ""}
                  {i.name} <span className="font-normal text-slate-500">· {i.capacity || "—"}</span>
                </p>
                <p className="text-xs text-slate-600">{i.detail}</p>
                <p className="text-xs text-slate-600">{retain && i.fate === "destroyed" ? `Volume ${i.volume?.name} is switched to Retain first; its data stays.` : i.fateText}</p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                <Badge tone={fate.tone}>{fate.label}</Badge>
                {i.dryRun.ok ? <Badge tone="green">Dry run OK</Badge> : <Badge tone="red" title={i.dryRun.message}>Will be skipped: {i.dryRun.message}</Badge>}
              </div>
            </li>
          );
        })}
      </ul>
      {missing.length > 0 ? <p className="text-sm text-amber-800">No longer unused, not included: {missing.map((m) => m.replace(/^pvc?:/, "")).join(", ")}</p> : null}
      <form action={action} className="space-y-3" aria-label="Confirm cleanup">
        {deletable.map((i) => (
          <input key={i.id} type="hidden" name="item" value={JSON.stringify({ id: i.id, uid: i.uid, resourceVersion: i.resourceVersion, ...(i.volume ? { volume: { name: i.volume.name, resourceVersion: i.volume.resourceVersion } } : {}) })} />
        ))}
        <input type="hidden" name="pending" value={pending} />
        {destroyed.length > 0 ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="retain" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
            Switch {destroyed.length === 1 ? "the volume" : `the ${destroyed.length} volumes`} to Retain before deleting (keeps the data)
          </label>
        ) : null}
        <Field name="confirm" label={`Type delete or ${deletable.length} to confirm`} error={fieldError ?? (confirm && !matches ? `Type delete or ${deletable.length}.` : undefined)}>
          <input id="confirm" name="confirm" autoComplete="off" value={confirm} onChange={(e) => setConfirm(e.target.value)} className={inputClass(fieldError)} />
        </Field>
        {error && !error.ok && !fieldError ? <FormMessage result={error} /> : null}
        <div className="flex gap-2">
          <DeleteButton disabled={!matches || deletable.length === 0} count={deletable.length} />
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}

function DeleteButton({ disabled, count }: { disabled: boolean; count: number }) {
  const { pending } = useFormStatus();
  const writable = useClusterWritable();
  return (
    <Button type="submit" variant="danger" disabled={disabled || pending || !writable}>
      {pending ? "Deleting…" : `Delete ${count} object${count === 1 ? "" : "s"}`}
    </Button>
  );
}

const OUTCOME: Record<CleanupItemResult["outcome"], "green" | "red" | "yellow"> = { deleted: "green", failed: "red", skipped: "yellow" };

function Results({ results, message, onDone }: { results: CleanupItemResult[]; message: { ok: boolean; message?: string }; onDone: () => void }) {
  return (
    <section aria-label="Cleanup results" className="mb-4 space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200" data-testid="cleanup-results">
      <FormMessage result={message} />
      <ul className="divide-y divide-slate-100 text-sm">
        {results.map((r) => (
          <li key={r.id} className="flex items-start justify-between gap-3 py-1.5" data-testid={`result-${r.id}`}>
            <span>
              {r.kind} {r.namespace ? `${r.namespace}/` : ""}
              {r.name}
              <span className="block text-xs text-slate-600">{r.message}</span>
            </span>
            <Badge tone={OUTCOME[r.outcome]}>{r.outcome}</Badge>
          </li>
        ))}
      </ul>
      <Button type="button" variant="secondary" onClick={onDone}>
        Done
      </Button>
    </section>
  );
}

"use client";

import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import type { FormDraft } from "./use-form-draft";

/** Row ids in order, each with its index among non-blank rows (the index zod errors use). */
function rows(values: Record<string, string>, prefix: string): { id: number; index: number | undefined }[] {
  const re = new RegExp(`^${prefix}\\.(\\d+)\\.(key|value)$`);
  const ids = [...new Set(Object.keys(values).flatMap((k) => (re.exec(k) ? [Number(re.exec(k)![1])] : [])))].sort((a, b) => a - b);
  let n = 0;
  return ids.map((id) => {
    const blank = !(values[`${prefix}.${id}.key`] ?? "").trim() && !(values[`${prefix}.${id}.value`] ?? "").trim();
    return { id, index: blank ? undefined : n++ };
  });
}

/** Editable key/value rows named `<prefix>.<id>.key` / `.value` (parameters, labels). */
export function KeyValueRows({
  draft,
  prefix,
  label,
  keyPlaceholder,
  valuePlaceholder,
  disabled,
}: {
  draft: FormDraft;
  prefix: string;
  label: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  disabled?: boolean;
}) {
  const list = rows(draft.values, prefix);
  const nextId = list.length ? Math.max(...list.map((r) => r.id)) + 1 : 0;
  return (
    <div className="space-y-2" role="group" aria-label={label}>
      {list.map(({ id, index }, i) => {
        const k = `${prefix}.${id}.key`;
        const v = `${prefix}.${id}.value`;
        const keyError = index === undefined ? undefined : draft.error(`${prefix}.${index}.key`);
        const valueError = index === undefined ? undefined : draft.error(`${prefix}.${index}.value`);
        return (
          <div key={id} className="flex flex-wrap items-start gap-2" data-testid={`${prefix}-row`}>
            <div className="min-w-40 flex-1">
              <input {...draft.bind(k)} disabled={disabled} aria-label={`${label} ${i + 1} key`} placeholder={keyPlaceholder} className={inputClass(keyError)} />
              {keyError ? <p role="alert" data-field-error={k} className="mt-1 text-xs text-rose-700">{keyError}</p> : null}
            </div>
            <div className="min-w-40 flex-1">
              <input {...draft.bind(v)} disabled={disabled} aria-label={`${label} ${i + 1} value`} placeholder={valuePlaceholder} className={inputClass(valueError)} />
              {valueError ? <p role="alert" data-field-error={v} className="mt-1 text-xs text-rose-700">{valueError}</p> : null}
            </div>
            {disabled ? null : (
              <Button type="button" variant="ghost" onClick={() => draft.remove([k, v])} aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}>
                Remove
              </Button>
            )}
          </div>
        );
      })}
      {disabled ? null : (
        <Button type="button" variant="secondary" onClick={() => draft.set(`${prefix}.${nextId}.key`, "")}>
          Add {label.toLowerCase().replace(/s$/, "")}
        </Button>
      )}
    </div>
  );
}

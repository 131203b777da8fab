"use client";

import type { SnapshotOffer } from "@/lib/flow/snapshot-offer";
import { inputClass } from "@/components/ui/field";

/**
 * "Snapshot first" on the workload delete page: one row per claim whose data is at stake and
 * whose driver can snapshot. A ticked row sends `snapshot.<claim>` = the class; the action
 * takes every chosen snapshot and waits until it is ready before anything is deleted.
 */
export function SnapshotFirst({
  offers,
  chosen,
  onChange,
  errors,
  keepUntil,
}: {
  offers: SnapshotOffer[];
  /** claim -> class ("" = no snapshot). */
  chosen: Record<string, string>;
  onChange: (claim: string, className: string) => void;
  errors: Record<string, string>;
  keepUntil: string;
}) {
  if (!offers.length) return null;
  return (
    <fieldset data-testid="workload-snapshot-first" className="space-y-2 rounded-md bg-sky-50 p-3 text-sm ring-1 ring-sky-200">
      <legend className="sr-only">Snapshot first</legend>
      <p className="font-medium">Safer: take a snapshot first.</p>
      <p className="text-xs text-slate-600">
        Each snapshot is kept until {keepUntil} (the admins&apos; retention period), marked as kept by you from its claim, and can be restored in one click from the kept snapshots. Nothing is deleted until every chosen snapshot is ready.
      </p>
      {offers.map((o) => {
        const cls = chosen[o.claim] ?? "";
        const on = cls !== "";
        const err = errors[`snapshot.${o.claim}`];
        return (
          <div key={o.claim} className="flex flex-wrap items-center gap-3" data-testid={`snapshot-offer-${o.claim}`}>
            {on ? <input type="hidden" name={`snapshot.${o.claim}`} value={cls} /> : null}
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={on} onChange={(e) => onChange(o.claim, e.target.checked ? (o.defaultClass ?? o.classes[0] ?? "") : "")} />
              <span>
                Snapshot {o.claim} first ({o.fate === "deleted" ? "it is deleted" : "it stays unused"})
              </span>
            </label>
            {on ? (
              <select aria-label={`Snapshot class for ${o.claim}`} className={`${inputClass(err)} w-auto`} value={cls} onChange={(e) => onChange(o.claim, e.target.value)}>
                {o.classes.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : null}
            {err ? (
              <p role="alert" className="w-full text-xs text-rose-700">
                {err}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

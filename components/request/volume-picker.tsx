"use client";

import { useState } from "react";
import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import { volumeMatchesClaim, type MatchableClaim } from "@/lib/storage/pv-matching";
import { parseQuantity } from "@/lib/quantity";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";

const SHOWN = 25;

/**
 * Available volumes that would match the claim as typed so far (the manual flow), smallest
 * fit first like the binder; a filter keeps it usable when a cluster has thousands.
 */
export function VolumePicker({
  volumes,
  claim,
  value,
  onChange,
  error,
}: {
  volumes: PersistentVolumeRow[];
  claim: Omit<MatchableClaim, "storageClass">;
  value: string | undefined;
  onChange: (name: string) => void;
  error?: string;
}) {
  const [filter, setFilter] = useState("");
  const available = volumes.filter((v) => v.phase === "Available" && !v.deleting);
  const matching = available
    .filter((v) => volumeMatchesClaim(v, { ...claim, storageClass: v.storageClass }).ok)
    .sort(
      (a, b) =>
        (parseQuantity(a.capacity) ?? 0) - (parseQuantity(b.capacity) ?? 0) ||
        a.name.localeCompare(b.name),
    );
  const f = filter.trim().toLowerCase();
  const filtered = f
    ? matching.filter((v) => v.name.includes(f) || v.storageClass.toLowerCase().includes(f))
    : matching;
  const shown = filtered.slice(0, SHOWN);
  const chosen = matching.find((v) => v.name === value);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
  if (matching.length === 0) {
    return (
      <p className="text-sm text-amber-800" data-testid="no-matching-volume">
        No available volume matches this size, access mode and volume mode ({available.length}{" "}
        available in total).
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <input
        aria-label="Filter volumes"
        placeholder={`Filter ${matching.length} matching volumes by name or class`}
        className={inputClass()}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div
        role="radiogroup"
        aria-label="Available volume"
        aria-invalid={error ? true : undefined}
        className="space-y-2"
      >
        {shown.map((v) => (
          <label
            key={v.name}
            data-testid={`volume-option-${v.name}`}
            className={cn(
              "flex cursor-pointer items-center gap-3 rounded-md bg-white p-2 text-sm ring-1",
              value === v.name ? "ring-2 ring-indigo-500" : "ring-slate-200",
            )}
          >
            <input
              type="radio"
              name="volumeName"
              value={v.name}
              checked={value === v.name}
              onChange={() => onChange(v.name)}
            />
            <span className="font-medium">{v.name}</span>
            <span className="text-slate-600">{v.capacity}</span>
            <span className="text-slate-500">class {v.storageClass || "(none)"}</span>
            <span className="text-slate-500">{v.accessModes.join(", ")}</span>
            <span className="text-slate-500">{v.source.type}</span>
            <span className="text-slate-500">reclaim {v.reclaimPolicy}</span>
          </label>
        ))}
      </div>
      {filtered.length > SHOWN ? (
        <p className="text-xs text-slate-500">
          {filtered.length - SHOWN} more match; type to narrow the list.
        </p>
      ) : null}
    </div>
  );
}

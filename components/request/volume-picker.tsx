import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";
import { volumeMatchesClaim, type MatchableClaim } from "@/lib/storage/pv-matching";
import { cn } from "@/components/ui/cn";

/** Available volumes that would match the claim as typed so far (the manual flow). */
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
  const available = volumes.filter((v) => v.phase === "Available" && !v.deleting);
  const matching = available.filter((v) => volumeMatchesClaim(v, { ...claim, storageClass: v.storageClass }).ok);
  if (matching.length === 0) {
    return (
      <p className="text-sm text-amber-800" data-testid="no-matching-volume">
        No available volume matches this size, access mode and volume mode ({available.length} available in total).
      </p>
    );
  }
  return (
    <div role="radiogroup" aria-label="Available volume" aria-invalid={error ? true : undefined} className="space-y-2">
      {matching.map((v) => (
        <label key={v.name} data-testid={`volume-option-${v.name}`} className={cn("flex cursor-pointer items-center gap-3 rounded-md bg-white p-2 text-sm ring-1", value === v.name ? "ring-2 ring-indigo-500" : "ring-slate-200")}>
          <input type="radio" name="volumeName" value={v.name} checked={value === v.name} onChange={() => onChange(v.name)} />
          <span className="font-medium">{v.name}</span>
          <span className="text-slate-600">{v.capacity}</span>
          <span className="text-slate-500">class {v.storageClass || "(none)"}</span>
          <span className="text-slate-500">{v.accessModes.join(", ")}</span>
          <span className="text-slate-500">{v.source.type}</span>
          <span className="text-slate-500">reclaim {v.reclaimPolicy}</span>
        </label>
      ))}
    </div>
  );
}

import type { StorageClassRow } from "@/lib/k8s/storage-classes";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

export function reclaimText(policy: string): string {
  return policy === "Delete"
    ? "Your data is deleted when you delete the claim."
    : "Your data is kept when you delete the claim.";
}

/** One radio card per class, with what it means for the person's data. */
export function ClassCards({
  classes,
  value,
  onChange,
  error,
}: {
  classes: StorageClassRow[];
  value: string | undefined;
  onChange: (name: string) => void;
  error?: string;
}) {
  if (classes.length === 0)
    return (
      <p className="text-sm text-amber-800">
        No storage class exists yet. Ask the cluster admin, or pick an available volume.
      </p>
    );
  return (
    <div
      role="radiogroup"
      aria-label="Storage class"
      aria-invalid={error ? true : undefined}
      className="grid gap-3 sm:grid-cols-2"
    >
      {classes.map((c) => (
        <label
          key={c.name}
          data-testid={`class-card-${c.name}`}
          className={cn(
            "cursor-pointer rounded-lg bg-white p-3 text-sm ring-1 transition",
            value === c.name ? "ring-2 ring-indigo-500" : "ring-slate-200 hover:ring-slate-300",
          )}
        >
          <span className="flex items-center gap-2">
            <input
              type="radio"
              name="storageClass"
              value={c.name}
              checked={value === c.name}
              onChange={() => onChange(c.name)}
            />
            <span className="font-semibold">{c.name}</span>
            {c.isDefault ? <Badge tone="blue">default</Badge> : null}
          </span>
          {c.description ? (
            <span className="mt-1 block text-slate-700">{c.description}</span>
          ) : null}
          <span className="mt-2 block space-y-0.5 text-xs text-slate-600">
            <span className="block">
              Provisioner: <span className="font-mono">{c.provisioner}</span>
            </span>
            <span className="block">
              {reclaimText(c.reclaimPolicy)} ({c.reclaimPolicy})
            </span>
            <span className="block">
              {c.volumeBindingMode === "WaitForFirstConsumer"
                ? "Created when a pod first uses it (WaitForFirstConsumer)."
                : "Created right away (Immediate)."}
            </span>
            <span className="block">
              {c.allowVolumeExpansion ? "Can grow later." : "Cannot grow later."}
            </span>
          </span>
        </label>
      ))}
    </div>
  );
}

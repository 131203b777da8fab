import type { StorageBudget } from "@/lib/validations/claim";
import { formatBytes } from "@/lib/quantity";

/** What the namespace still allows, shown next to the size field. */
export function BudgetPanel({
  budget,
  storageClass,
}: {
  budget: StorageBudget | undefined;
  storageClass: string | undefined;
}) {
  if (!budget) return null;
  const cls = storageClass ? budget.perClass[storageClass] : undefined;
  const rows: [string, string][] = [];
  if (budget.storage)
    rows.push([
      "Storage left",
      `${formatBytes(budget.storage.hard - budget.storage.used)} of ${formatBytes(budget.storage.hard)}`,
    ]);
  if (budget.claims) rows.push(["Claims", `${budget.claims.used} of ${budget.claims.hard} used`]);
  if (cls?.storage)
    rows.push([
      `Class ${storageClass}`,
      `${formatBytes(cls.storage.hard - cls.storage.used)} of ${formatBytes(cls.storage.hard)} left`,
    ]);
  if (cls?.claims)
    rows.push([`Claims of ${storageClass}`, `${cls.claims.used} of ${cls.claims.hard} used`]);
  if (budget.limits.min !== undefined || budget.limits.max !== undefined) {
    rows.push([
      "Size per claim",
      `${formatBytes(budget.limits.min ?? 0)} – ${budget.limits.max !== undefined ? formatBytes(budget.limits.max) : "no maximum"}`,
    ]);
  }
  if (rows.length === 0)
    return <p className="text-xs text-slate-500">No quota applies in {budget.namespace}.</p>;
  return (
    <dl
      data-testid="budget"
      aria-label={`Quota of ${budget.namespace}`}
      className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 rounded-md bg-slate-50 p-2 text-xs ring-1 ring-slate-200"
    >
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="font-medium text-slate-800">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

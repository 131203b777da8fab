import { humanBytes, humanPercent } from "@/lib/usage/format";
import { bucketPercent, type UsageBucket } from "@/lib/usage/totals";
import type { CapacityGrid } from "@/lib/storage/capacity-grid";
import { Card } from "@/components/ui/card";

const TOP = 12;
const width = (part: number, whole: number) => `${whole > 0 ? Math.max(part > 0 ? 0.5 : 0, (part / whole) * 100) : 0}%`;

/**
 * Requested vs used per bucket as plain bars on one scale: the light bar is what was requested,
 * the dark one what is used (measured claims only); the figures are written next to them.
 */
export function RequestedUsedChart({ title, buckets, empty, testId }: { title: string; buckets: UsageBucket[]; empty: string; testId: string }) {
  const max = Math.max(0, ...buckets.map((b) => b.requestedBytes));
  return (
    <Card className="min-w-0">
      <h2 className="mb-1 text-sm font-semibold text-slate-700">{title}</h2>
      <p className="mb-3 flex gap-4 text-xs text-slate-500">
        <span><span aria-hidden className="mr-1 inline-block h-2 w-3 rounded-sm bg-slate-300" />requested</span>
        <span><span aria-hidden className="mr-1 inline-block h-2 w-3 rounded-sm bg-indigo-600" />used (measured claims)</span>
      </p>
      {buckets.length === 0 ? (
        <p className="text-sm text-slate-500">No claims.</p>
      ) : (
        <ul className="space-y-3" data-testid={testId}>
          {buckets.slice(0, TOP).map((b) => {
            const pct = bucketPercent(b);
            const label = b.key || empty;
            return (
              <li key={b.key} data-testid={`${testId}-${b.key || "none"}`}>
                <div className="flex justify-between gap-3 text-sm">
                  <span className="truncate font-medium">{label}</span>
                  <span className="shrink-0 tabular-nums text-slate-600">
                    {humanBytes(b.usedBytes)} used of {humanBytes(b.requestedBytes)} requested{pct !== undefined ? ` (${humanPercent(pct)} of measured)` : ""}
                  </span>
                </div>
                <div className="relative mt-1 h-3 w-full rounded bg-slate-100" role="img" aria-label={`${label}: ${humanBytes(b.usedBytes)} used of ${humanBytes(b.requestedBytes)} requested`}>
                  <div className="absolute inset-y-0 left-0 rounded bg-slate-300" style={{ width: width(b.requestedBytes, max) }} />
                  <div className="absolute inset-y-0 left-0 rounded bg-indigo-600" style={{ width: width(b.usedBytes, max) }} />
                </div>
                <p className="text-xs text-slate-500">
                  {b.claims} claim{b.claims === 1 ? "" : "s"}, {b.measured} measured
                </p>
              </li>
            );
          })}
          {buckets.length > TOP ? <li className="text-xs text-slate-500">and {buckets.length - TOP} more</li> : null}
        </ul>
      )}
    </Card>
  );
}

/** Free capacity per node (rows) and class (columns), each with a bar on one scale. */
export function CapacityGridTable({ grid }: { grid: CapacityGrid }) {
  if (grid.rows.length === 0) return <p className="text-sm text-slate-500">No driver publishes CSIStorageCapacity objects.</p>;
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table aria-label="Free capacity per node and class" className="min-w-full divide-y divide-slate-200 text-sm" data-testid="capacity-grid">
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase text-slate-500">Node / segment</th>
            {grid.classes.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase text-slate-500">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {grid.rows.map((r) => (
            <tr key={r.segment}>
              <th scope="row" className="px-3 py-2 text-left font-medium">{r.segment}</th>
              {grid.classes.map((c) => {
                const cell = r.cells[c];
                return (
                  <td key={c} className="px-3 py-2 align-top">
                    {cell ? (
                      <div className="w-40 space-y-1">
                        <div className="h-2 w-full rounded bg-slate-100">
                          <div className="h-full rounded bg-emerald-500" style={{ width: width(cell.freeBytes ?? 0, grid.maxFreeBytes) }} />
                        </div>
                        <p className="text-xs tabular-nums text-slate-700">
                          {humanBytes(cell.freeBytes)} free{cell.maxVolumeBytes !== undefined ? ` · max volume ${humanBytes(cell.maxVolumeBytes)}` : ""}
                        </p>
                      </div>
                    ) : (
                      <span className="text-xs text-slate-400">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { listHref } from "@/components/volumes/phase-filter";
import { cn } from "@/components/ui/cn";
import { USAGE_FILTERS, USAGE_FILTER_LABELS, type UsageFilter } from "@/lib/usage/filter";

/** Filter chips by usage (?usage=warning), kept in the URL with the page's other filters. */
export function UsageFilterChips({ current, keep, sourceHref }: { current: UsageFilter | undefined; keep: Record<string, string | undefined>; sourceHref?: string }) {
  const chip = (label: string, value: UsageFilter | undefined) => (
    <Link
      key={label}
      href={listHref({ ...keep, usage: value })}
      aria-current={current === value ? "true" : undefined}
      data-testid={`usage-filter-${value ?? "all"}`}
      className={cn("rounded-full px-3 py-1 text-xs ring-1", current === value ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300")}
    >
      {label}
    </Link>
  );
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" aria-label="Filter by usage">
      <span className="text-xs text-slate-500">Usage:</span>
      {chip("Any", undefined)}
      {USAGE_FILTERS.map((f) => chip(USAGE_FILTER_LABELS[f], f))}
      {sourceHref ? (
        <Link href={sourceHref} className="ml-2 text-xs text-indigo-700 hover:underline">
          usage source
        </Link>
      ) : null}
    </div>
  );
}

import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** Builds a list URL keeping the other filters (page resets whenever a filter changes). */
export function listHref(params: Record<string, string | undefined>): string {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return s ? `?${s}` : "?";
}

/** Filter chips kept in the URL (?phase=Released), so a filtered view can be shared. */
export function PhaseFilter({
  phases,
  current,
  counts,
  keep = {},
}: {
  phases: string[];
  current: string | undefined;
  counts?: Record<string, number>;
  /** Other query parameters to keep (search, class). */
  keep?: Record<string, string | undefined>;
}) {
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const chip = (label: string, href: string, active: boolean, n: number | undefined) => (
    <Link key={label} href={href} aria-current={active ? "true" : undefined} className={cn("rounded-full px-3 py-1 text-xs ring-1", active ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300")}>
      {label}
      {n !== undefined ? <span className="ml-1 opacity-70">{n}</span> : null}
    </Link>
  );
  return (
    <div className="mb-4 flex flex-wrap gap-2" aria-label="Filter by phase">
      {chip("All", listHref(keep), !current, total)}
      {phases.map((p) => chip(p, listHref({ ...keep, phase: p }), current === p, counts ? (counts[p] ?? 0) : undefined))}
    </div>
  );
}

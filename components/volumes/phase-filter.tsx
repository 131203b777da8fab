import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** Filter chips kept in the URL (?phase=Released), so a filtered view can be shared. */
export function PhaseFilter({ phases, current }: { phases: string[]; current: string | undefined }) {
  const chip = (label: string, href: string, active: boolean) => (
    <Link key={label} href={href} aria-current={active ? "true" : undefined} className={cn("rounded-full px-3 py-1 text-xs ring-1", active ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300")}>
      {label}
    </Link>
  );
  return (
    <div className="mb-4 flex flex-wrap gap-2" aria-label="Filter by phase">
      {chip("All", "?", !current)}
      {phases.map((p) => chip(p, `?phase=${p}`, current === p))}
    </div>
  );
}

import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  ["/admin/usage", "Totals & capacity"],
  ["/admin/usage-source", "Usage source"],
] as const;

/** The admin's usage pages side by side, like the CSI tabs: totals and capacity, where figures come from. */
export function UsageTabs({ current }: { current: (typeof TABS)[number][0] }) {
  return (
    <nav aria-label="Usage" className="mb-4 flex gap-2 border-b border-slate-200 pb-2 text-sm">
      {TABS.map(([href, label]) => (
        <Link key={href} href={href} aria-current={href === current ? "page" : undefined} className={cn("rounded-md px-3 py-1", href === current ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}>
          {label}
        </Link>
      ))}
    </nav>
  );
}

import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** Sibling admin pages as tabs under one heading (the CSI pages, the usage pages). */
export function PageTabs({ label, tabs, current }: { label: string; tabs: readonly (readonly [href: string, title: string])[]; current: string }) {
  return (
    <nav aria-label={label} className="mb-4 flex gap-2 border-b border-slate-200 pb-2 text-sm">
      {tabs.map(([href, title]) => (
        <Link key={href} href={href} aria-current={href === current ? "page" : undefined} className={cn("rounded-md px-3 py-1", href === current ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}>
          {title}
        </Link>
      ))}
    </nav>
  );
}

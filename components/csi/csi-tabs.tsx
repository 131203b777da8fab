import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  ["/admin/snapshot-classes", "Snapshot classes"],
  ["/admin/attributes-classes", "Attribute classes"],
  ["/admin/csi-drivers", "CSI drivers"],
] as const;

/** The admin's CSI pages side by side: snapshot classes, attribute classes, drivers. */
export function CsiTabs({ current }: { current: (typeof TABS)[number][0] }) {
  return (
    <nav aria-label="CSI" className="mb-4 flex gap-2 border-b border-slate-200 pb-2 text-sm">
      {TABS.map(([href, label]) => (
        <Link key={href} href={href} aria-current={href === current ? "page" : undefined} className={cn("rounded-md px-3 py-1", href === current ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}>
          {label}
        </Link>
      ))}
    </nav>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** `also`: sibling pages reached through this link's tabs, which keep it highlighted. */
export function NavLink({ href, also = [], children }: { href: string; also?: string[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const active = [href, ...also].some((h) => pathname === h || pathname.startsWith(`${h}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("rounded-md px-3 py-1.5 text-sm", active ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white")}
    >
      {children}
    </Link>
  );
}

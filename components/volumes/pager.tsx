import Link from "next/link";
import { listHref } from "./phase-filter";

/** "51–100 of 10,005" with previous/next links that keep the filters. */
export function Pager({ page, pages, total, size, keep }: { page: number; pages: number; total: number; size: number; keep: Record<string, string | undefined> }) {
  if (total === 0) return null;
  const from = (page - 1) * size + 1;
  const to = Math.min(total, page * size);
  const link = (p: number, label: string) => (
    <Link className="text-indigo-700 hover:underline" href={listHref({ ...keep, page: p > 1 ? String(p) : undefined })}>
      {label}
    </Link>
  );
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center gap-4 text-sm text-slate-600">
      <span data-testid="pager-range">
        {from.toLocaleString("en")}–{to.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      {page > 1 ? link(page - 1, "← Previous") : null}
      {page < pages ? link(page + 1, "Next →") : null}
    </nav>
  );
}

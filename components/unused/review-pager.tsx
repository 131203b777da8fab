import Link from "next/link";
import { queryString, type ReviewQuery } from "@/lib/validations/unused";

/** Page links; the page number is in the URL like every other view setting. */
export function ReviewPager({ query, page, pages, total }: { query: ReviewQuery; page: number; pages: number; total: number }) {
  const from = total === 0 ? 0 : (page - 1) * query.size + 1;
  const to = Math.min(total, page * query.size);
  const link = (p: number, label: string, rel?: string) =>
    p < 1 || p > pages || p === page ? (
      <span className="px-2 text-slate-400">{label}</span>
    ) : (
      <Link prefetch={false} href={queryString(query, { page: p })} rel={rel} className="px-2 text-indigo-700 hover:underline">
        {label}
      </Link>
    );
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between text-sm text-slate-600">
      <span data-testid="page-range">
        {from}–{to} of {total}
      </span>
      <span className="flex items-center">
        {link(1, "« First")}
        {link(page - 1, "‹ Previous", "prev")}
        <span className="px-2">
          Page {page} of {pages}
        </span>
        {link(page + 1, "Next ›", "next")}
        {link(pages, "Last »")}
      </span>
    </nav>
  );
}

import Link from "next/link";
import { listParams, PAGE_SIZES, type Dir, type ListPage, type ListQuery } from "@/lib/list/query";
import { listHref } from "@/components/volumes/phase-filter";
import { inputClass } from "./field";
import { Th } from "./table";

// Links here point at the same page with another query: prefetch={false}, because Next would
// render the whole page on the server for every visible link (a dozen renders per view).

/** One list's state in the URL: its query, defaults, param prefix and the page's other params. */
export interface ListView {
  query: ListQuery;
  fallback: { sort: string; dir?: Dir };
  prefix?: string;
  /** Other params of the page (filters, the other list's state) that links keep. */
  keep?: Record<string, string | undefined>;
}

/** A link to the same list with some of its state changed; any change but paging starts at page 1. */
export function viewHref(v: ListView, patch: Partial<ListQuery>): string {
  const next = { ...v.query, page: 1, ...patch };
  return listHref({ ...v.keep, ...listParams(next, v.fallback, v.prefix) });
}

/** A column header that sorts the list by it; a second click reverses the order. */
export function SortTh({ view, col, label, className }: { view: ListView; col: string; label: string; className?: string }) {
  const active = view.query.sort === col;
  const dir: Dir = active && view.query.dir === "asc" ? "desc" : "asc";
  return (
    <Th className={className}>
      <Link prefetch={false}
        href={viewHref(view, { sort: col, dir })}
        aria-sort={active ? (view.query.dir === "asc" ? "ascending" : "descending") : undefined}
        data-testid={`sort-${view.prefix ?? ""}${col}`}
        className="inline-flex items-center gap-1 uppercase hover:text-slate-800"
      >
        {label}
        <span aria-hidden className={active ? "text-slate-700" : "text-slate-300"}>
          {active && view.query.dir === "desc" ? "▼" : "▲"}
        </span>
      </Link>
    </Th>
  );
}

/** A GET search form: the text goes to the server, which filters before paging. */
export function ListSearch({ view, label, placeholder }: { view: ListView; label: string; placeholder: string }) {
  const p = view.prefix ?? "";
  const hidden = { ...view.keep, ...listParams({ ...view.query, q: "", page: 1 }, view.fallback, p) };
  return (
    <form method="get" role="search" className="mb-3 flex flex-wrap items-center gap-2">
      <input name={`${p}q`} defaultValue={view.query.q} aria-label={label} placeholder={placeholder} className={`${inputClass()} max-w-sm`} />
      {Object.entries(hidden).map(([k, val]) => (val ? <input key={k} type="hidden" name={k} value={val} /> : null))}
      <button type="submit" className="rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300">
        Search
      </button>
      {view.query.q ? (
        <Link prefetch={false} href={viewHref(view, { q: "" })} className="text-xs text-indigo-700 hover:underline">
          Clear
        </Link>
      ) : null}
    </form>
  );
}

/** "51–100 of 10,005", first/previous/next/last and the page size, all as links. */
export function ListPager({ view, page, label = "Pages" }: { view: ListView; page: ListPage<unknown>; label?: string }) {
  const { total, size } = page;
  const from = total === 0 ? 0 : (page.page - 1) * size + 1;
  const to = Math.min(total, page.page * size);
  const link = (p: number, text: string, rel?: string) =>
    p < 1 || p > page.pages || p === page.page ? (
      <span className="px-2 text-slate-400">{text}</span>
    ) : (
      <Link prefetch={false} href={viewHref(view, { page: p })} rel={rel} className="px-2 text-indigo-700 hover:underline">
        {text}
      </Link>
    );
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <span data-testid={`${view.prefix ?? ""}pager-range`}>
        {from.toLocaleString("en")}–{to.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      <span className="flex items-center">
        {link(1, "« First")}
        {link(page.page - 1, "‹ Previous", "prev")}
        <span className="px-2">
          Page {page.page} of {page.pages}
        </span>
        {link(page.page + 1, "Next ›", "next")}
        {link(page.pages, "Last »")}
        <span className="ml-3 text-xs">
          {PAGE_SIZES.map((s) =>
            s === size ? (
              <span key={s} className="px-1 font-medium text-slate-800">
                {s}
              </span>
            ) : (
              <Link prefetch={false} key={s} href={viewHref(view, { size: s })} className="px-1 text-indigo-700 hover:underline">
                {s}
              </Link>
            ),
          )}
          per page
        </span>
      </span>
    </nav>
  );
}

/** A list's own URL params, for the other list on the same page to keep. */
export function listKeep(v: ListView): Record<string, string | undefined> {
  return listParams(v.query, v.fallback, v.prefix);
}

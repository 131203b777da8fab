/**
 * Server-side list views: a text filter, a sort column and direction, and one page, all read
 * from the URL so a view can be shared and survives a live refresh. Pure (no I/O): pages pass
 * rows in and render only the page that comes out.
 */

export type Dir = "asc" | "desc";
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

export interface ListQuery<S extends string = string> {
  q: string;
  sort: S;
  dir: Dir;
  page: number;
  size: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Reads a list's state from search params. `prefix` lets one page hold two lists
 * (?sort=… for one, ?pods.sort=… for the other). Anything unknown falls back to defaults.
 */
export function parseListQuery<S extends string>(
  sp: SearchParams,
  sorts: readonly S[],
  fallback: { sort: S; dir?: Dir },
  prefix = "",
): ListQuery<S> {
  const get = (k: string) => one(sp[prefix + k]);
  const sort = sorts.find((s) => s === get("sort")) ?? fallback.sort;
  const d = get("dir");
  const dir: Dir = d === "asc" || d === "desc" ? d : (fallback.dir ?? "asc");
  const page = Math.floor(Number(get("page") ?? 1));
  const size = Number(get("size"));
  return {
    q: (get("q") ?? "").trim().slice(0, 200),
    sort,
    dir,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The URL params for a list state (defaults left out), prefixed like the parser reads them. */
export function listParams(q: Partial<ListQuery>, fallback: { sort: string; dir?: Dir }, prefix = ""): Record<string, string | undefined> {
  return {
    [`${prefix}q`]: q.q || undefined,
    [`${prefix}sort`]: q.sort && q.sort !== fallback.sort ? q.sort : undefined,
    [`${prefix}dir`]: q.dir && q.dir !== (fallback.dir ?? "asc") ? q.dir : undefined,
    [`${prefix}page`]: q.page && q.page > 1 ? String(q.page) : undefined,
    [`${prefix}size`]: q.size && q.size !== DEFAULT_PAGE_SIZE ? String(q.size) : undefined,
  };
}

export interface ListPage<T> {
  items: T[];
  /** Rows matching the filter, over all pages. */
  total: number;
  page: number;
  pages: number;
  size: number;
}

export type SortKey = string | number | undefined;

export interface ListSpec<T, S extends string> {
  /** Lower-case text the filter searches (name, namespace, class…). */
  text: (row: T) => string;
  /** The value each sortable column sorts by (computed once per row, not per comparison). */
  keys: Record<S, (row: T) => SortKey>;
  /** Tie-breaker so pages are stable across requests (e.g. "namespace/name"). */
  id: (row: T) => string;
}

function cmp(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** Filter, sort and cut one page; an out-of-range page shows the last one. */
export function runQuery<T, S extends string>(rows: readonly T[], q: ListQuery<S>, spec: ListSpec<T, S>): ListPage<T> {
  const needle = q.q.toLowerCase();
  const matched = needle ? rows.filter((r) => spec.text(r).includes(needle)) : rows;
  const key = spec.keys[q.sort];
  const sign = q.dir === "desc" ? -1 : 1;
  const decorated = matched.map((row) => ({ row, k: key(row), id: spec.id(row) }));
  decorated.sort((a, b) => sign * cmp(a.k, b.k) || cmp(a.id, b.id));
  const page = pageOf(decorated, q.page, q.size);
  return { ...page, items: page.items.map((d) => d.row) };
}

export function pageOf<T>(rows: readonly T[], page: number, size: number): ListPage<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pages);
  return { items: rows.slice((p - 1) * size, p * size), total: rows.length, page: p, pages, size };
}

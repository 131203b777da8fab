/**
 * A list kept in sort order between requests, so that page 50 of 10k claims sorted by size costs
 * a walk over a ready array, not a sort of every object. The cache that owns the objects builds a
 * view lazily the first time a sort is asked for, then keeps it in step with each change
 * (binary search + splice) instead of rebuilding it. Pure (no I/O).
 */
import type { Dir, ListPage, SortKey } from "./query";

export interface SortedEntry<T> {
  /** The sort value (computed once per object version). */
  k: SortKey;
  /** Tie-breaker and identity: the cache key of the object ("namespace/name"). */
  id: string;
  o: T;
  /** Lower-case search text, computed the first time a filter needs it. */
  t?: string;
}

/** How a sortable column orders objects; `version` lets keys that come from outside the objects (usage…) force a rebuild. */
export interface SortKeyProvider<T> {
  key: (o: T, id: string) => SortKey;
  version?: () => unknown;
}

export function cmpKey(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpEntry(a: { k: SortKey; id: string }, b: { k: SortKey; id: string }): number {
  return cmpKey(a.k, b.k) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class SortedView<T> {
  private entries: SortedEntry<T>[] | undefined;
  private builtFor: unknown;
  private readonly provider: SortKeyProvider<T>;

  constructor(provider: SortKeyProvider<T>) {
    this.provider = provider;
  }

  /** The entries in ascending order, built from `all` when missing or when the key provider moved on. */
  get(all: () => Iterable<[string, T]>): readonly SortedEntry<T>[] {
    const v = this.provider.version?.();
    if (!this.entries || v !== this.builtFor) {
      const out: SortedEntry<T>[] = [];
      for (const [id, o] of all()) out.push({ k: this.provider.key(o, id), id, o });
      out.sort(cmpEntry);
      this.entries = out;
      this.builtFor = v;
    }
    return this.entries;
  }

  get built(): boolean {
    return this.entries !== undefined;
  }

  /** Forget the order (a relist replaced every object); rebuilt on the next read. */
  invalidate(): void {
    this.entries = undefined;
  }

  /** Keeps a built view in step: `old` left, `next` arrived (either may be missing). */
  update(id: string, old: T | undefined, next: T | undefined): void {
    const e = this.entries;
    if (!e) return;
    const nextKey = next === undefined ? undefined : this.provider.key(next, id);
    if (old !== undefined) {
      const oldKey = this.provider.key(old, id);
      let i = lowerBound(e, { k: oldKey, id });
      // The key of the stored version should find it; if the object was changed in place, scan.
      if (e[i]?.id !== id) i = e.findIndex((x) => x.id === id);
      // Most changes (status, labels) keep the sort key: swap the object where it is, no splice.
      if (i >= 0 && next !== undefined && nextKey === e[i]!.k) {
        e[i] = { k: nextKey, id, o: next };
        return;
      }
      if (i >= 0) e.splice(i, 1);
    }
    if (next !== undefined) {
      const entry: SortedEntry<T> = { k: nextKey, id, o: next };
      e.splice(lowerBound(e, entry), 0, entry);
    }
  }
}

function lowerBound<T>(e: readonly SortedEntry<T>[], x: { k: SortKey; id: string }): number {
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmpEntry(e[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Entries in list order: ascending, or descending by key with ties still by id ascending (the
 * same order a fresh sort gives, so pages do not shuffle when a view is reused).
 */
export function* inOrder<T>(e: readonly SortedEntry<T>[], dir: Dir): Generator<SortedEntry<T>> {
  if (dir === "asc") {
    yield* e;
    return;
  }
  let end = e.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && cmpKey(e[start - 1]!.k, e[end - 1]!.k) === 0) start--;
    for (let i = start; i < end; i++) yield e[i]!;
    end = start;
  }
}

export interface SortedQuery<T> {
  dir: Dir;
  page: number;
  size: number;
  /** Cheap checks first (namespace, phase…); `text` is the search, lower-case. */
  keep?: (o: T) => boolean;
  q?: string;
  text?: (o: T) => string;
}

/** One page of a sorted view after filtering; counts every match but touches only the page's objects. */
export function pageOfSorted<T>(entries: readonly SortedEntry<T>[], query: SortedQuery<T>): ListPage<T> {
  const needle = query.q?.toLowerCase() ?? "";
  const { keep, text } = query;
  const match = (x: SortedEntry<T>): boolean => {
    if (keep && !keep(x.o)) return false;
    if (!needle || !text) return true;
    x.t ??= text(x.o).toLowerCase();
    return x.t.includes(needle);
  };
  const size = query.size;
  const want = Math.max(1, Number.isFinite(query.page) ? Math.floor(query.page) : 1);
  const collect = (page: number): { items: T[]; total: number } => {
    const from = (page - 1) * size;
    const items: T[] = [];
    let total = 0;
    for (const x of inOrder(entries, query.dir)) {
      if (!match(x)) continue;
      if (total >= from && total < from + size) items.push(x.o);
      total++;
    }
    return { items, total };
  };
  const first = collect(want);
  const pages = Math.max(1, Math.ceil(first.total / size));
  // Past the end: show the last page (one more walk, only for such URLs).
  const items = want > pages ? collect(pages).items : first.items;
  return { items, total: first.total, page: Math.min(want, pages), pages, size };
}

/** What a list over a cached type searches and sorts by (the cached-object version of ListSpec). */
export interface CachedListSpec<T, S extends string> {
  /** Names this list's views in the cache (two lists may both sort pods by "name"). */
  name: string;
  text: (o: T) => string;
  keys: Record<S, SortKeyProvider<T>>;
}

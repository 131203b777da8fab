import type { ReviewQuery, SortKey } from "@/lib/validations/unused";
import { REASONS, type Finding, type Reason } from "./types";

/** Filtering, facet totals, sorting and paging of a classification. Pure. */

export interface Bucket {
  key: string;
  count: number;
  bytes: number;
}

export interface Totals {
  /** Unused objects a cleanup could delete, and their capacity. */
  count: number;
  bytes: number;
  /** Usage advice on claims in use (empty / over-sized): what could be given back by resizing. */
  advice: { count: number; bytes: number };
  /** Facet counts: each ignores its own filter, so the chips show what picking one gives. */
  byReason: Record<Reason, Bucket>;
  byClass: Bucket[];
  byNamespace: Bucket[];
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

type Filter = Pick<ReviewQuery, "reason" | "class" | "ns" | "olderThan">;

const DAY = 86_400_000;

function matches(f: Finding, q: Filter, now: number, skip?: keyof Filter): boolean {
  if (skip !== "reason" && q.reason && f.reason !== q.reason) return false;
  if (skip !== "class" && q.class !== undefined && f.storageClass !== q.class) return false;
  if (skip !== "ns" && q.ns !== undefined && f.namespace !== q.ns) return false;
  if (q.olderThan !== undefined && q.olderThan > 0) {
    const since = f.since ? Date.parse(f.since) : NaN;
    if (Number.isNaN(since) || now - since < q.olderThan * DAY) return false;
  }
  return true;
}

export function filterFindings<T extends Finding>(items: T[], q: Filter, now: number): T[] {
  return items.filter((f) => matches(f, q, now));
}

function bucketsOf(items: Finding[], keyOf: (f: Finding) => string): Bucket[] {
  const m = new Map<string, Bucket>();
  for (const f of items) {
    const key = keyOf(f);
    const b = m.get(key) ?? { key, count: 0, bytes: 0 };
    b.count++;
    b.bytes += f.bytes;
    m.set(key, b);
  }
  return [...m.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count || a.key.localeCompare(b.key));
}

export function totals(items: Finding[], q: Filter, now: number): Totals {
  const all = items.filter((f) => matches(f, q, now));
  const byReason = Object.fromEntries(REASONS.map((r) => [r, { key: r, count: 0, bytes: 0 }])) as Record<Reason, Bucket>;
  for (const f of items) {
    if (!matches(f, q, now, "reason")) continue;
    byReason[f.reason].count++;
    byReason[f.reason].bytes += f.bytes;
  }
  const cleanup = all.filter((f) => !f.advice);
  const advised = all.filter((f) => f.advice);
  return {
    count: cleanup.length,
    bytes: cleanup.reduce((s, f) => s + f.bytes, 0),
    advice: { count: advised.length, bytes: advised.reduce((s, f) => s + f.bytes, 0) },
    byReason,
    byClass: bucketsOf(items.filter((f) => matches(f, q, now, "class")), (f) => f.storageClass),
    byNamespace: bucketsOf(items.filter((f) => matches(f, q, now, "ns")), (f) => f.namespace),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const COMPARE: Record<SortKey, (a: Finding, b: Finding) => number> = {
  // Missing `since` sorts as newest: the unknown is the least sure to be garbage.
  since: (a, b) => cmp(a.since ?? "~", b.since ?? "~"),
  capacity: (a, b) => a.bytes - b.bytes,
  name: (a, b) => cmp(a.name, b.name),
  namespace: (a, b) => cmp(a.namespace, b.namespace),
  class: (a, b) => cmp(a.storageClass, b.storageClass),
  reason: (a, b) => cmp(a.reason, b.reason),
};

export function sortFindings<T extends Finding>(items: T[], sort: SortKey, dir: "asc" | "desc"): T[] {
  const by = COMPARE[sort];
  const sign = dir === "asc" ? 1 : -1;
  // Ties fall back to the id so paging is stable between requests.
  return [...items].sort((a, b) => sign * by(a, b) || cmp(a.id, b.id));
}

export function paginate<T>(items: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: items.slice((p - 1) * size, p * size), total: items.length, page: p, pages };
}

/** Filter choices: the classes and namespaces that have findings or kept objects, sorted. */
export function facets(...lists: readonly (readonly Finding[])[]): { classes: string[]; namespaces: string[] } {
  const classes = new Set<string>();
  const namespaces = new Set<string>();
  for (const list of lists) {
    for (const f of list) {
      classes.add(f.storageClass);
      if (f.namespace) namespaces.add(f.namespace);
    }
  }
  return { classes: [...classes].sort(), namespaces: [...namespaces].sort() };
}

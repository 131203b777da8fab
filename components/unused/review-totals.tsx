import Link from "next/link";
import { formatBytes } from "@/lib/quantity";
import { humanBytes } from "@/lib/usage/format";
import { REASONS, REASON_LABELS } from "@/lib/unused/types";
import type { Bucket, Totals } from "@/lib/unused/query";
import { queryString, type ReviewQuery } from "@/lib/validations/unused";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const TOP = 8;

function BucketList({ title, buckets, href, empty }: { title: string; buckets: Bucket[]; href: (key: string) => string; empty: string }) {
  return (
    <Card className="min-w-0">
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {buckets.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to reclaim.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {buckets.slice(0, TOP).map((b) => (
            <li key={b.key} className="flex justify-between gap-3">
              <Link prefetch={false} href={href(b.key)} className="truncate text-indigo-700 hover:underline">
                {b.key || empty}
              </Link>
              <span className="shrink-0 tabular-nums text-slate-600">
                {formatBytes(b.bytes)} · {b.count}
              </span>
            </li>
          ))}
          {buckets.length > TOP ? <li className="text-xs text-slate-500">and {buckets.length - TOP} more (use the filters)</li> : null}
        </ul>
      )}
    </Card>
  );
}

/** Totals first: what could be reclaimed, where, and why. */
export function ReviewTotals({ totals, keptCount, query }: { totals: Totals; keptCount: number; query: ReviewQuery }) {
  const reset = { page: 1, view: "findings" as const };
  return (
    <div className="mb-6 space-y-4" data-testid="unused-totals">
      <div className="flex flex-wrap gap-4">
        <Card className="flex-1">
          <p className="text-xs uppercase tracking-wide text-slate-500">Reclaimable by cleanup</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="reclaimable-bytes">
            {formatBytes(totals.bytes)}
          </p>
          <p className="text-sm text-slate-600">
            in <span data-testid="finding-count">{totals.count}</span> unused object{totals.count === 1 ? "" : "s"}
          </p>
        </Card>
        <Card className="flex-1">
          <p className="text-xs uppercase tracking-wide text-slate-500">Could be given back (advice)</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="advice-bytes">
            {humanBytes(totals.advice.bytes)}
          </p>
          <p className="text-sm text-slate-600">
            by resizing <span data-testid="advice-count">{totals.advice.count}</span> mounted claim{totals.advice.count === 1 ? "" : "s"} that are empty or over-sized
          </p>
        </Card>
        <Card className="flex-1">
          <p className="text-xs uppercase tracking-wide text-slate-500">Kept on purpose</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="kept-count">
            {keptCount}
          </p>
          <Link prefetch={false} href={queryString(query, { view: "kept", page: 1 })} className="text-sm text-indigo-700 hover:underline">
            labelled bindery.io/keep=true
          </Link>
        </Card>
      </div>
      <nav aria-label="Count by reason" className="flex flex-wrap gap-2">
        {REASONS.map((r) => {
          const b = totals.byReason[r];
          const active = query.reason === r;
          return (
            <Link prefetch={false}
              key={r}
              href={queryString(query, { ...reset, reason: active ? undefined : r })}
              aria-current={active ? "true" : undefined}
              data-testid={`reason-${r}`}
              className={cn("rounded-full px-3 py-1 text-xs ring-1", active ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300")}
            >
              {REASON_LABELS[r]} <span className="tabular-nums">{b.count}</span>
              {b.bytes > 0 ? <span className="opacity-75"> · {formatBytes(b.bytes)}</span> : null}
            </Link>
          );
        })}
      </nav>
      <div className="grid gap-4 md:grid-cols-2">
        <BucketList title="By storage class" buckets={totals.byClass} empty="(no class)" href={(k) => queryString(query, { ...reset, class: k })} />
        <BucketList title="By namespace" buckets={totals.byNamespace} empty="(cluster-scoped volumes)" href={(k) => queryString(query, { ...reset, ns: k })} />
      </div>
    </div>
  );
}

import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { reviewPage } from "@/lib/unused/review";
import { NotSyncedError } from "@/lib/unused/snapshot";
import { parseReviewQuery, queryString } from "@/lib/validations/unused";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ReviewTotals } from "@/components/unused/review-totals";
import { ReviewFilters } from "@/components/unused/review-filters";
import { ReviewTable } from "@/components/unused/review-table";
import { toTableRow } from "@/lib/unused/table-row";
import { ReviewPager } from "@/components/unused/review-pager";
import { ReviewRefresh } from "@/components/unused/review-refresh";
import { UnusedSnapshotPanel } from "@/components/snapshots/unused-snapshot-panel";

export const metadata = { title: "Unused volume review" };

type Params = Record<string, string | string[] | undefined>;

export default async function UnusedReviewPage({ searchParams }: { searchParams: Promise<Params> }) {
  const id = await requireAdmin();
  const { query, errors } = parseReviewQuery(await searchParams);
  let review;
  try {
    review = await reviewPage(query);
  } catch (e) {
    if (!(e instanceof NotSyncedError)) throw e;
    // Right after a start on a big cluster: say so and look again, rather than guess from half a list.
    return (
      <>
        <ReviewRefresh lagMs={3_000} stale renderedAt={0} />
        <PageHeader title="Unused volume review" />
        <EmptyState title="Loading the cluster's objects">{e.message}</EmptyState>
      </>
    );
  }
  const now = review.now;
  // Exports carry the same filters and sort, never the paging.
  const exportQs = queryString(query, { page: 1, size: 50, view: "findings" });
  const exportHref = (format: string) => `/api/unused${exportQs ? `${exportQs}&` : "?"}format=${format}${format === "json" ? "&download=1" : ""}`;
  const tab = (view: "findings" | "kept", label: string, count: number) => (
    <Link prefetch={false}
      href={queryString(query, { view, page: 1 })}
      aria-current={query.view === view ? "page" : undefined}
      className={cn("border-b-2 px-3 py-2 text-sm", query.view === view ? "border-indigo-600 font-medium text-indigo-700" : "border-transparent text-slate-600")}
    >
      {label} ({count})
    </Link>
  );
  return (
    <>
      <ReviewRefresh lagMs={review.lagMs} stale={review.stale} renderedAt={review.now} />
      <PageHeader
        title="Unused volume review"
        description="Volumes nobody claims and claims nobody mounts, each with the reason. Objects labelled bindery.io/keep=true are listed separately and never offered for cleanup."
        actions={
          <>
            <ButtonLink variant="secondary" href={exportHref("csv")} download>
              Export CSV
            </ButtonLink>
            <ButtonLink variant="secondary" href={exportHref("json")} download>
              Export JSON
            </ButtonLink>
          </>
        }
      />
      <ReviewTotals totals={review.totals} keptCount={review.keptCount} query={query} />
      <ReviewFilters query={query} errors={errors} classes={review.classes} namespaces={review.namespaces} />
      <nav aria-label="Views" className="mb-3 flex gap-2 border-b border-slate-200">
        {tab("findings", "Unused", review.totals.count)}
        {tab("kept", "Kept", review.keptCount)}
      </nav>
      {review.page.total === 0 ? (
        <EmptyState title={query.view === "kept" ? "Nothing is kept with the label" : "Nothing unused matches"}>
          {query.view === "kept" ? "Label a volume or claim bindery.io/keep=true to keep it out of cleanups." : "Try other filters, or a shorter pending threshold."}
        </EmptyState>
      ) : (
        <>
          <ReviewTable key={query.view} rows={review.page.rows.map(toTableRow)} query={query} now={now} selectable={query.view === "findings"} />
          <ReviewPager query={query} page={review.page.page} pages={review.page.pages} total={review.page.total} />
        </>
      )}
      {query.view === "findings" ? <UnusedSnapshotPanel id={id} findings={review.page.rows} /> : null}
      <p className="mt-4 text-xs text-slate-500" data-testid="review-meta" data-took-ms={review.tookMs}>
        Computed from the portal&apos;s watch cache in {review.tookMs} ms. Claims the cluster marks with an Unused condition use its time; otherwise the portal&apos;s own
        observations (since {new Date(review.watchingSince).toISOString().replace("T", " ").slice(0, 16)} UTC).
      </p>
    </>
  );
}

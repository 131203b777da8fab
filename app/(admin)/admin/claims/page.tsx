import { requireAdmin } from "@/lib/auth/session";
import { queryClaims } from "@/lib/k8s/persistent-volume-claims";
import { parseListQuery, type SearchParams } from "@/lib/list/query";
import { CLAIM_SORTS } from "@/lib/list/specs";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ClaimTable } from "@/components/claims/claim-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { PhaseFilter } from "@/components/volumes/phase-filter";
import { ListPager, ListSearch, type ListView } from "@/components/ui/list-controls";
import { getUsageSnapshot } from "@/lib/k8s/usage";
import { usageForRows } from "@/lib/k8s/usage-pages";
import { parseUsageFilter } from "@/lib/usage/filter";
import { UsageFilterChips } from "@/components/usage/usage-filter";

export const metadata = { title: "Claims" };
const PHASES = ["Pending", "Bound", "Lost"];

export default async function AdminClaimsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const id = await requireAdmin();
  const sp = await searchParams;
  const phase = typeof sp.phase === "string" && PHASES.includes(sp.phase) ? sp.phase : undefined;
  const query = parseListQuery(sp, CLAIM_SORTS, { sort: "namespace" });
  // Tens of thousands of claims: filter, sort and page here; the browser gets one page.
  // Sorting and filtering by usage read the shared snapshot: one Map lookup per claim.
  const usageFilter = parseUsageFilter(sp.usage);
  const snapshot = await getUsageSnapshot();
  const page = await queryClaims(id, undefined, query, phase, { byClaim: snapshot.byClaim, filter: usageFilter });
  const usage = await usageForRows(page.items);
  const { phaseCounts } = page;
  const view: ListView = { query, fallback: { sort: "namespace" }, keep: { phase, usage: usageFilter } };
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims"]} />
      <PageHeader title="Claims in all namespaces" />
      <ListSearch view={view} label="Search claims" placeholder="Search namespace/name, class or volume" />
      <PhaseFilter phases={PHASES} current={phase} counts={phaseCounts} keep={{ q: query.q || undefined, usage: usageFilter }} />
      <UsageFilterChips current={usageFilter} keep={{ q: query.q || undefined, phase }} sourceHref="/admin/usage-source" />
      {page.total === 0 ? <EmptyState title="No claims match" /> : <ClaimTable rows={page.items} view={view} usage={usage} />}
      <ListPager view={view} page={page} />
    </>
  );
}

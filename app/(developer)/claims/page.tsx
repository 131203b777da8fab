import Link from "next/link";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { queryClaims } from "@/lib/k8s/persistent-volume-claims";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ClaimTable } from "@/components/claims/claim-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { cn } from "@/components/ui/cn";
import { ListPager, ListSearch, viewHref, type ListView } from "@/components/ui/list-controls";
import { parseListQuery, type SearchParams } from "@/lib/list/query";
import { CLAIM_SORTS } from "@/lib/list/specs";
import { getUsageSnapshot } from "@/lib/k8s/usage";
import { usageForRows } from "@/lib/k8s/usage-pages";
import { parseUsageFilter } from "@/lib/usage/filter";
import { UsageFilterChips } from "@/components/usage/usage-filter";

export const metadata = { title: "My claims" };

export default async function ClaimsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const id = await requireSession();
  const sp = await searchParams;
  const namespaces = await workspaceNamespaces(id);
  const current = typeof sp.namespace === "string" && namespaces.includes(sp.namespace) ? sp.namespace : undefined;
  const query = parseListQuery(sp, CLAIM_SORTS, { sort: "namespace" });
  const usageFilter = parseUsageFilter(sp.usage);
  const snapshot = await getUsageSnapshot();
  const page = await queryClaims(id, current ? [current] : namespaces, query, undefined, { byClaim: snapshot.byClaim, filter: usageFilter });
  // Usage of this page's rows only: the shared snapshot and the pod cache, no request per claim.
  const usage = await usageForRows(page.items);
  const view: ListView = { query, fallback: { sort: "namespace" }, keep: { namespace: current, usage: usageFilter } };
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims", "pods"]} namespace={current} />
      <PageHeader
        title="Claims"
        description={`Volumes requested in ${namespaces.join(", ") || "no namespace"}.`}
        actions={<ButtonLink href="/request">Request a volume</ButtonLink>}
      />
      <div className="mb-4 flex gap-2" aria-label="Filter by namespace">
        {[undefined, ...namespaces].map((ns) => (
          <Link key={ns ?? "all"} href={viewHref({ ...view, keep: { ...view.keep, namespace: ns } }, {})} className={cn("rounded-full px-3 py-1 text-xs ring-1", current === ns ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white ring-slate-300")}>
            {ns ?? "All my namespaces"}
          </Link>
        ))}
      </div>
      {page.all > 0 ? <ListSearch view={view} label="Search claims" placeholder="Search name, class or volume" /> : null}
      {page.all > 0 ? <UsageFilterChips current={usageFilter} keep={{ namespace: current, q: query.q || undefined }} /> : null}
      {page.all === 0 ? (
        <EmptyState title="No claims yet">Request a volume to get storage for your app.</EmptyState>
      ) : page.total === 0 ? (
        <EmptyState title="No claims match" />
      ) : (
        <ClaimTable rows={page.items} showNamespace={namespaces.length > 1} view={view} usage={usage} />
      )}
      {page.all > 0 ? <ListPager view={view} page={page} /> : null}
    </>
  );
}

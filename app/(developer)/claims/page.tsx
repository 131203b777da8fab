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

export const metadata = { title: "My claims" };

export default async function ClaimsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const id = await requireSession();
  const sp = await searchParams;
  const namespaces = await workspaceNamespaces(id);
  const current = typeof sp.namespace === "string" && namespaces.includes(sp.namespace) ? sp.namespace : undefined;
  const query = parseListQuery(sp, CLAIM_SORTS, { sort: "namespace" });
  const page = await queryClaims(id, current ? [current] : namespaces, query);
  const view: ListView = { query, fallback: { sort: "namespace" }, keep: { namespace: current } };
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims"]} namespace={current} />
      <PageHeader
        title="Claims"
        description={`Volumes requested in ${namespaces.join(", ") || "no namespace"}.`}
        actions={<ButtonLink href="/request">Request a volume</ButtonLink>}
      />
      <div className="mb-4 flex gap-2" aria-label="Filter by namespace">
        {[undefined, ...namespaces].map((ns) => (
          <Link key={ns ?? "all"} href={viewHref({ ...view, keep: { namespace: ns } }, {})} className={cn("rounded-full px-3 py-1 text-xs ring-1", current === ns ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white ring-slate-300")}>
            {ns ?? "All my namespaces"}
          </Link>
        ))}
      </div>
      {page.all > 0 ? <ListSearch view={view} label="Search claims" placeholder="Search name, class or volume" /> : null}
      {page.all === 0 ? (
        <EmptyState title="No claims yet">Request a volume to get storage for your app.</EmptyState>
      ) : page.total === 0 ? (
        <EmptyState title="No claims match" />
      ) : (
        <ClaimTable rows={page.items} showNamespace={namespaces.length > 1} view={view} />
      )}
      {page.all > 0 ? <ListPager view={view} page={page} /> : null}
    </>
  );
}

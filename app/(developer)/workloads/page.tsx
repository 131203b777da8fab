import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { queryPods } from "@/lib/k8s/pods";
import { listWorkloads, rightsFor } from "@/lib/k8s/workloads";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { LiveRefresh } from "@/components/live/live-refresh";
import { WorkloadTable } from "@/components/workloads/workload-table";
import { ListPager, ListSearch, SortTh, listKeep, type ListView } from "@/components/ui/list-controls";
import { parseListQuery, runQuery, type SearchParams } from "@/lib/list/query";
import { POD_SORTS, WORKLOAD_SORTS, workloadSpec } from "@/lib/list/specs";

export const metadata = { title: "Workloads" };

const POD_PREFIX = "pods.";

export default async function WorkloadsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const id = await requireSession();
  const sp = await searchParams;
  const namespaces = await workspaceNamespaces(id);
  const all = await listWorkloads(id);
  const workloads = all.filter((w) => namespaces.includes(w.namespace));
  // Two lists on one page, each with its own state in the URL (pods.* for the pods).
  const wq = parseListQuery(sp, WORKLOAD_SORTS, { sort: "namespace" });
  const pq = parseListQuery(sp, POD_SORTS, { sort: "namespace" }, POD_PREFIX);
  const wView: ListView = { query: wq, fallback: { sort: "namespace" } };
  const pView: ListView = { query: pq, fallback: { sort: "namespace" }, prefix: POD_PREFIX };
  wView.keep = listKeep(pView);
  pView.keep = listKeep(wView);
  const wPage = runQuery(workloads, wq, workloadSpec);
  const rights = await rightsFor(id, wPage.items);
  // Pods can number tens of thousands: sorted and paged on the cache, one page becomes rows.
  const pPage = await queryPods(id, namespaces, pq);
  return (
    <>
      <LiveRefresh topics={["pods", "deployments", "statefulsets"]} />
      <PageHeader
        title="Workloads"
        description="Deployments and StatefulSets in your namespaces, the claims they mount, and their pods."
        actions={<ButtonLink href="/request/workload">Request a workload</ButtonLink>}
      />
      {workloads.length === 0 ? (
        <EmptyState title="No workloads yet">Request a workload that mounts a volume.</EmptyState>
      ) : (
        <>
          <ListSearch view={wView} label="Search workloads" placeholder="Search name, kind, claim or image" />
          <WorkloadTable rows={wPage.items} view={wView} rights={rights} />
          <ListPager view={wView} page={wPage} label="Workload pages" />
        </>
      )}
      <h2 className="mb-2 mt-8 text-lg font-semibold">Pods</h2>
      {pPage.total > 0 || pq.q ? <ListSearch view={pView} label="Search pods" placeholder="Search name, phase, node, claim or owner" /> : null}
      {pPage.total === 0 ? (
        <EmptyState title={pq.q ? "No pods match" : "No pods yet"} />
      ) : (
        <Table label="Pods">
          <thead className="bg-slate-50">
            <tr>
              <SortTh view={pView} col="namespace" label="Namespace" />
              <SortTh view={pView} col="name" label="Pod" />
              <SortTh view={pView} col="phase" label="Status" />
              <SortTh view={pView} col="node" label="Node" />
              <Th>Claims</Th>
              <Th>Owner</Th>
              <SortTh view={pView} col="age" label="Age" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {pPage.items.map((p) => (
              <tr key={`${p.namespace}/${p.name}`} id={`pod-${p.namespace}-${p.name}`}>
                <Td>{p.namespace}</Td>
                <Td className="font-medium">{p.name}</Td>
                <Td>
                  <PhaseBadge phase={p.phase} deleting={p.deleting} />
                </Td>
                <Td>{p.nodeName ?? "—"}</Td>
                <Td>{p.claims.join(", ") || "—"}</Td>
                <Td>{p.owner ? `${p.owner.kind}/${p.owner.name}` : "—"}</Td>
                <Td>
                  <TimeAgo iso={p.createdAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {pPage.total > 0 ? <ListPager view={pView} page={pPage} label="Pod pages" /> : null}
    </>
  );
}

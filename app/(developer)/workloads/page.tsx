import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { listPods } from "@/lib/k8s/pods";
import { listWorkloads, rightsFor } from "@/lib/k8s/workloads";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { LiveRefresh } from "@/components/live/live-refresh";
import { WorkloadTable } from "@/components/workloads/workload-table";

export const metadata = { title: "Workloads" };

export default async function WorkloadsPage() {
  const id = await requireSession();
  const namespaces = await workspaceNamespaces(id);
  const [all, allPods] = await Promise.all([listWorkloads(id), listPods(id)]);
  const workloads = all.filter((w) => namespaces.includes(w.namespace));
  const pods = allPods.filter((p) => namespaces.includes(p.namespace));
  const rights = await rightsFor(id, workloads);
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
        <WorkloadTable rows={workloads} rights={rights} />
      )}
      <h2 className="mb-2 mt-8 text-lg font-semibold">Pods</h2>
      {pods.length === 0 ? (
        <EmptyState title="No pods yet" />
      ) : (
        <Table label="Pods">
          <thead className="bg-slate-50">
            <tr>
              <Th>Namespace</Th>
              <Th>Pod</Th>
              <Th>Status</Th>
              <Th>Node</Th>
              <Th>Claims</Th>
              <Th>Owner</Th>
              <Th>Age</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {pods.map((p) => (
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
    </>
  );
}

import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { listPods } from "@/lib/k8s/pods";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Workloads" };

export default async function WorkloadsPage() {
  const id = await requireSession();
  const namespaces = await workspaceNamespaces(id);
  const pods = (await listPods(id)).filter((p) => namespaces.includes(p.namespace));
  return (
    <>
      <LiveRefresh topics={["pods"]} />
      <PageHeader title="Workloads" description="Pods in your namespaces and the claims they mount." />
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
              <tr key={`${p.namespace}/${p.name}`}>
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

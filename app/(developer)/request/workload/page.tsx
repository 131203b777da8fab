import Link from "next/link";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listClaims } from "@/lib/k8s/persistent-volume-claims";
import { storageBudgets } from "@/lib/k8s/quotas";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { WorkloadRequestForm } from "@/components/request/workload-request-form";

export const metadata = { title: "Request a workload" };

export default async function RequestWorkloadPage({
  searchParams,
}: {
  searchParams: Promise<{ namespace?: string; claim?: string }>;
}) {
  const id = await requireSession();
  const namespaces = await workspaceNamespaces(id);
  if (namespaces.length === 0)
    return <EmptyState title="You have no namespace to run workloads in." />;
  const q = await searchParams;
  const [classes, claims, budgets] = await Promise.all([
    listStorageClasses(),
    listClaims(id),
    storageBudgets(namespaces),
  ]);
  const mine = claims.filter((c) => namespaces.includes(c.namespace) && !c.deleting);
  const initial =
    q.claim && q.namespace && namespaces.includes(q.namespace)
      ? { namespace: q.namespace, claimName: q.claim, claimMode: "existing" }
      : undefined;
  return (
    <>
      <PageHeader
        title="Request a workload"
        description="Run something that mounts a volume. The simulated nodes run any image; you will follow every step until the container runs."
        actions={
          <Link href="/request" className="text-sm text-indigo-700 hover:underline">
            ← Request a volume only
          </Link>
        }
      />
      <WorkloadRequestForm
        namespaces={namespaces}
        claims={mine.map((c) => ({
          namespace: c.namespace,
          name: c.name,
          phase: c.phase,
          size: c.capacity ?? c.requested,
        }))}
        classes={classes.map((c) => ({ name: c.name, isDefault: c.isDefault }))}
        budgets={budgets}
        initial={initial}
      />
    </>
  );
}

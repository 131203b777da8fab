import Link from "next/link";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { storageBudgets } from "@/lib/k8s/quotas";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ClaimRequestForm } from "@/components/request/claim-request-form";

export const metadata = { title: "Request a volume" };

export default async function RequestPage() {
  const id = await requireSession();
  const namespaces = await workspaceNamespaces(id);
  if (namespaces.length === 0)
    return <EmptyState title="You have no namespace to request volumes in." />;
  // Volumes are searched by the picker, a page at a time (never the whole list in the page).
  const [classes, budgets] = await Promise.all([listStorageClasses(), storageBudgets(namespaces)]);
  return (
    <>
      <LiveRefresh topics={["storageclasses", "resourcequotas"]} />
      <PageHeader
        title="Request a volume"
        description="Storage without a ticket: choose a class (a new volume is made for you) or an available volume, and see what the cluster will do."
        actions={
          <Link href="/request/workload" className="text-sm text-indigo-700 hover:underline">
            Request a workload instead →
          </Link>
        }
      />
      <ClaimRequestForm
        namespaces={namespaces}
        classes={classes}
        budgets={budgets}
      />
    </>
  );
}

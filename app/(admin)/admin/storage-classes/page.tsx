import { requireAdmin } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { StorageClassTable } from "@/components/storage-classes/storage-class-table";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Storage classes" };

export default async function StorageClassesPage() {
  await requireAdmin();
  const rows = await listStorageClasses();
  return (
    <>
      <LiveRefresh topics={["storageclasses"]} />
      <PageHeader title="Storage classes" description="Classes let developers get volumes on demand: the provisioner creates a volume when a claim names the class." />
      {rows.length === 0 ? (
        <EmptyState title="No storage classes yet">Developers can only use pre-created volumes until you define a class.</EmptyState>
      ) : (
        <StorageClassTable rows={rows} />
      )}
    </>
  );
}

import { requireAdmin } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { usageByClass } from "@/lib/k8s/persistent-volumes";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ConfirmNotice } from "@/components/ui/confirm-notice";
import { StorageClassTable } from "@/components/storage-classes/storage-class-table";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Storage classes" };

export default async function StorageClassesPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const id = await requireAdmin();
  const { deleted } = await searchParams;
  const [rows, usage] = await Promise.all([listStorageClasses(), usageByClass(id)]);
  const defaults = rows.filter((r) => r.isDefault);
  return (
    <>
      <LiveRefresh topics={["storageclasses", "persistentvolumes", "persistentvolumeclaims"]} />
      <PageHeader
        title="Storage classes"
        description="Classes let developers get volumes on demand: the provisioner creates a volume when a claim names the class."
        actions={<ButtonLink href="/admin/storage-classes/new">New storage class</ButtonLink>}
      />
      {deleted && !rows.some((r) => r.name === deleted) ? <ConfirmNotice>Storage class “{deleted}” was deleted.</ConfirmNotice> : null}
      {defaults.length > 1 ? (
        <ConfirmNotice tone="amber">
          {defaults.length} classes are marked default ({defaults.map((d) => d.name).join(", ")}). Kubernetes gives class-less claims the newest one; edit the others to clear the flag.
        </ConfirmNotice>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="No storage classes yet">Developers can only use pre-created volumes until you define a class.</EmptyState>
      ) : (
        <StorageClassTable rows={rows} usage={usage} />
      )}
    </>
  );
}

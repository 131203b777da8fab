import { requireAdmin } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { usageByClass } from "@/lib/k8s/persistent-volumes";
import { PageHeader, EmptyState } from "@/components/ui/card";
import { ButtonLink } from "@/components/ui/button";
import { ConfirmNotice } from "@/components/ui/confirm-notice";
import { StorageClassTable } from "@/components/storage-classes/storage-class-table";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ListPager, ListSearch, type ListView } from "@/components/ui/list-controls";
import { parseListQuery, runQuery, type SearchParams } from "@/lib/list/query";
import { CLASS_SORTS, storageClassSpec } from "@/lib/list/specs";

export const metadata = { title: "Storage classes" };

export default async function StorageClassesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const id = await requireAdmin();
  const sp = await searchParams;
  const deleted = typeof sp.deleted === "string" ? sp.deleted : undefined;
  const [rows, usage] = await Promise.all([listStorageClasses(), usageByClass(id)]);
  const query = parseListQuery(sp, CLASS_SORTS, { sort: "name" });
  const page = runQuery(rows, query, storageClassSpec);
  const view: ListView = { query, fallback: { sort: "name" } };
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
        <>
          <ListSearch view={view} label="Search storage classes" placeholder="Search name, provisioner or description" />
          {page.total === 0 ? <EmptyState title="No storage classes match" /> : <StorageClassTable rows={page.items} usage={usage} view={view} />}
          <ListPager view={view} page={page} />
        </>
      )}
    </>
  );
}

import Link from "next/link";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { listSnapshots } from "@/lib/k8s/volume-snapshots";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { snapshotUnavailableReason } from "@/lib/storage/snapshots";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SnapshotTable } from "@/components/snapshots/snapshot-table";
import { cn } from "@/components/ui/cn";

export const metadata = { title: "Snapshots" };

export default async function SnapshotsPage({ searchParams }: { searchParams: Promise<{ namespace?: string; deleted?: string; kept?: string }> }) {
  const id = await requireSession();
  const sp = await searchParams;
  const namespaces = await workspaceNamespaces(id);
  const current = sp.namespace && namespaces.includes(sp.namespace) ? sp.namespace : undefined;
  const missing = await missingSnapshotApi();
  const note = snapshotUnavailableReason(missing, (await listCsiDrivers()).map((d) => d.name));
  const rows = missing.length ? [] : (await listSnapshots(id, current)).filter((s) => namespaces.includes(s.namespace) && (sp.kept ? Boolean(s.kept) : true));
  return (
    <>
      {missing.length ? null : <LiveRefresh topics={["volumesnapshots"]} namespace={current} />}
      <PageHeader title={sp.kept ? "Kept snapshots" : "Snapshots"} description="Point-in-time copies of your claims. Take one from a claim's page; restore one into a new claim from its page." />
      {note ? (
        <p data-testid="snapshot-unavailable" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {note}
        </p>
      ) : null}
      {sp.deleted ? (
        <p role="status" className="mb-4 text-sm text-emerald-800">
          Snapshot {sp.deleted} is being deleted.
        </p>
      ) : null}
      <div className="mb-4 flex flex-wrap gap-2" aria-label="Filter by namespace">
        {[undefined, ...namespaces].map((ns) => (
          <Link key={ns ?? "all"} href={`?${new URLSearchParams({ ...(ns ? { namespace: ns } : {}), ...(sp.kept ? { kept: "1" } : {}) })}`} className={cn("rounded-full px-3 py-1 text-xs ring-1", current === ns ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white ring-slate-300")}>
            {ns ?? "All my namespaces"}
          </Link>
        ))}
        <Link href={sp.kept ? "?" : "?kept=1"} className="rounded-full px-3 py-1 text-xs ring-1 ring-slate-300">
          {sp.kept ? "All snapshots" : "Only kept snapshots"}
        </Link>
      </div>
      {missing.length ? null : rows.length === 0 ? (
        <EmptyState title="No snapshots">Open a Bound claim and take a snapshot.</EmptyState>
      ) : (
        <SnapshotTable rows={rows} showNamespace={namespaces.length > 1} now={new Date()} />
      )}
    </>
  );
}

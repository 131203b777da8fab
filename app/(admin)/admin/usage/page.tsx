import Link from "next/link";
import { requireAdmin } from "@/lib/auth/session";
import { listCapacities } from "@/lib/k8s/csi-storage-capacities";
import { clusterUsageTotals } from "@/lib/k8s/usage-totals";
import { capacityGrid } from "@/lib/storage/capacity-grid";
import { humanBytes } from "@/lib/usage/format";
import { PageHeader } from "@/components/ui/card";
import { LiveRefresh } from "@/components/live/live-refresh";
import { CapacityGridTable, RequestedUsedChart } from "@/components/usage/usage-chart";
import { UsageTabs } from "@/components/usage/usage-tabs";

export const metadata = { title: "Usage and capacity" };

/** Requested vs used per class and namespace, and free capacity per node and class, at a glance. */
export default async function UsagePage() {
  await requireAdmin();
  const [totals, capacities] = await Promise.all([clusterUsageTotals(), listCapacities()]);
  const grid = capacityGrid(capacities);
  const { all } = totals;
  return (
    <>
      <LiveRefresh topics={["persistentvolumeclaims"]} />
      <PageHeader
        title="Usage and capacity"
        description={`${all.claims} claims request ${humanBytes(all.requestedBytes)}; ${all.measured} measured use ${humanBytes(all.usedBytes)} of the ${humanBytes(all.measuredRequestedBytes)} they requested.`}
        actions={
          <Link href="/admin/usage-source" className="text-sm text-indigo-700 hover:underline">
            Usage source ({totals.source}){totals.collectedAt ? `, measured ${new Date(totals.collectedAt).toISOString().slice(11, 19)} UTC` : ", not measured yet"}
          </Link>
        }
      />
      <UsageTabs current="/admin/usage" />
      <div className="mb-8 grid gap-4 lg:grid-cols-2">
        <RequestedUsedChart title="By storage class" buckets={totals.byClass} empty="(no class)" testId="usage-by-class" />
        <RequestedUsedChart title="By namespace" buckets={totals.byNamespace} empty="(none)" testId="usage-by-namespace" />
      </div>
      <h2 className="mb-2 text-lg font-semibold">Free capacity per node and class</h2>
      <p className="mb-3 text-sm text-slate-600">From the CSIStorageCapacity objects drivers publish: what a new volume of that class can still get on each node.</p>
      <CapacityGridTable grid={grid} />
    </>
  );
}

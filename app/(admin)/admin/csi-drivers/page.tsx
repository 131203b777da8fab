import { requireAdmin } from "@/lib/auth/session";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { listCapacities } from "@/lib/k8s/csi-storage-capacities";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { capacityForDriver, freePerClass } from "@/lib/storage/csi-capacity";
import { formatBytes } from "@/lib/quantity";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { CsiTabs } from "@/components/csi/csi-tabs";

export const metadata = { title: "CSI drivers" };

const yes = (b: boolean, on: string, off: string) => <Badge tone={b ? "green" : "gray"}>{b ? on : off}</Badge>;

export default async function CsiDriversPage() {
  await requireAdmin();
  const [drivers, classes, snapClasses, capacities, missing] = await Promise.all([listCsiDrivers(), listStorageClasses(), listSnapshotClasses(), listCapacities(), missingSnapshotApi()]);
  return (
    <>
      <PageHeader title="CSI drivers" description="What each registered driver can do, and how much room it reports." />
      <CsiTabs current="/admin/csi-drivers" />
      {drivers.length === 0 ? <EmptyState title="No CSI driver registered">Volumes come only from in-tree provisioners in this cluster.</EmptyState> : null}
      <div className="space-y-6">
        {drivers.map((d) => {
          const cap = capacityForDriver(capacities, classes, d.name);
          const perClass = freePerClass(cap);
          const snaps = snapClasses.filter((c) => c.driver === d.name);
          return (
            <Card key={d.name}>
              <h2 className="mb-2 font-semibold" data-testid="csi-driver-name">
                {d.name}
              </h2>
              <div className="mb-3 flex flex-wrap gap-2 text-xs" data-testid="csi-driver-capabilities">
                {yes(d.attachRequired, "attach required", "no attach step")}
                {yes(d.storageCapacity, "capacity tracking", "no capacity tracking")}
                <Badge tone="blue">fsGroupPolicy {d.fsGroupPolicy}</Badge>
                {yes(d.podInfoOnMount, "pod info on mount", "no pod info")}
                {missing.length ? <Badge tone="yellow">snapshot CRDs missing</Badge> : snaps.length ? <Badge tone="green">snapshot class: {snaps.map((s) => s.name).join(", ")}</Badge> : <Badge tone="yellow">no snapshot class</Badge>}
                <Badge>{d.lifecycleModes.join(", ")}</Badge>
              </div>
              <p className="mb-2 text-sm">Storage classes: {classes.filter((c) => c.provisioner === d.name).map((c) => c.name).join(", ") || "none"}</p>
              {d.storageCapacity ? (
                cap.length ? (
                  <Table label={`Capacity of ${d.name}`}>
                    <thead>
                      <tr>
                        <Th>Storage class</Th>
                        <Th>Topology segment</Th>
                        <Th>Free</Th>
                        <Th>Largest volume</Th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {cap.map((r) => (
                        <tr key={`${r.storageClass}|${r.segment}`} data-testid="capacity-row">
                          <Td>{r.storageClass}</Td>
                          <Td className="text-xs">{r.segment}</Td>
                          <Td>{formatBytes(r.freeBytes)}</Td>
                          <Td>{r.maxVolumeBytes === undefined ? "—" : formatBytes(r.maxVolumeBytes)}</Td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                ) : (
                  <p className="text-sm text-slate-600">No CSIStorageCapacity objects yet: the provisioner publishes them per class with WaitForFirstConsumer.</p>
                )
              ) : null}
              {Object.keys(perClass).length ? <p className="mt-2 text-xs text-slate-600">Free in total: {Object.entries(perClass).map(([c, b]) => `${c} ${formatBytes(b)}`).join("; ")} (one claim must still fit in one segment).</p> : null}
            </Card>
          );
        })}
      </div>
    </>
  );
}

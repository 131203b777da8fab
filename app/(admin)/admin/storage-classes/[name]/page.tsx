import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getStorageClass } from "@/lib/k8s/storage-classes";
import { listPersistentVolumes } from "@/lib/k8s/persistent-volumes";
import { listClaims } from "@/lib/k8s/persistent-volume-claims";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { VolumeTable } from "@/components/volumes/volume-table";
import { ClaimTable } from "@/components/claims/claim-table";
import { LiveRefresh } from "@/components/live/live-refresh";

export default async function StorageClassPage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const { name } = await params;
  const sc = await getStorageClass(decodeURIComponent(name));
  if (!sc) notFound();
  const [pvs, claims] = await Promise.all([listPersistentVolumes(), listClaims(id)]);
  return (
    <>
      <LiveRefresh topics={["storageclasses", "persistentvolumes", "persistentvolumeclaims"]} />
      <PageHeader title={sc.name} description={sc.description || undefined} actions={sc.isDefault ? <Badge tone="blue">default class</Badge> : undefined} />
      <Card>
        <Details
          items={[
            ["Provisioner", <code key="p">{sc.provisioner}</code>],
            ["Reclaim policy", sc.reclaimPolicy],
            ["Volume binding mode", sc.volumeBindingMode],
            ["Allow volume expansion", sc.allowVolumeExpansion ? "yes" : "no"],
            ["Parameters", Object.keys(sc.parameters).length ? Object.entries(sc.parameters).map(([k, v]) => `${k}=${v}`).join(", ") : "—"],
            ["Mount options", sc.mountOptions.join(", ") || "—"],
          ]}
        />
      </Card>
      <h2 className="mb-2 mt-8 text-lg font-semibold">Volumes of this class</h2>
      <VolumeTable rows={pvs.filter((p) => p.storageClass === sc.name)} />
      <h2 className="mb-2 mt-8 text-lg font-semibold">Claims of this class</h2>
      <ClaimTable rows={claims.filter((c) => c.storageClass === sc.name)} />
    </>
  );
}

import { requireAdmin } from "@/lib/auth/session";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { nodeOptions } from "@/lib/k8s/persistent-volumes";
import { cached } from "@/lib/k8s/informers";
import { createPersistentVolumeAction } from "@/lib/actions/persistent-volumes";
import { PageHeader } from "@/components/ui/card";
import { hostPathPrefixes } from "@/lib/storage/host-path";
import { VolumeForm } from "@/components/volumes/volume-form";

export const metadata = { title: "New volume" };

export default async function NewVolumePage() {
  await requireAdmin();
  const [classes, drivers, nodes, namespaces] = await Promise.all([listStorageClasses(), listCsiDrivers(), nodeOptions(), cached("namespaces")]);
  return (
    <>
      <PageHeader
        title="New persistent volume"
        description="A pre-created (static) volume for storage that already exists. It binds to a pending claim of the same class whose size, access modes, volume mode and selector fit."
      />
      <VolumeForm
        action={createPersistentVolumeAction}
        initialValues={{ accessModes: "ReadWriteOnce", volumeMode: "Filesystem", reclaimPolicy: "Retain", sourceType: "hostPath", storageClassName: "manual" }}
        classNames={classes.map((c) => c.name)}
        nodes={nodes}
        csiDrivers={drivers.map((d) => d.name)}
        namespaces={namespaces.map((n) => n.metadata.name).sort()}
        hostPathPrefixes={hostPathPrefixes()}
      />
    </>
  );
}

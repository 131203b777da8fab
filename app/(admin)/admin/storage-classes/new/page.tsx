import { requireAdmin } from "@/lib/auth/session";
import { defaultClassNames } from "@/lib/k8s/storage-classes";
import { provisionerOptions } from "@/lib/k8s/csi-drivers";
import { createStorageClassAction } from "@/lib/actions/storage-classes";
import { PageHeader } from "@/components/ui/card";
import { StorageClassForm } from "@/components/storage-classes/storage-class-form";

export const metadata = { title: "New storage class" };

export default async function NewStorageClassPage() {
  await requireAdmin();
  const [provisioners, defaults] = await Promise.all([provisionerOptions(), defaultClassNames()]);
  return (
    <>
      <PageHeader title="New storage class" description="Developers pick a class when they request a volume; the provisioner then creates the volume for them." />
      <StorageClassForm
        action={createStorageClassAction}
        initialValues={{ reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer", "parameters.0.key": "", "parameters.0.value": "" }}
        provisioners={provisioners}
        currentDefault={defaults[0]}
        cancelHref="/admin/storage-classes"
      />
    </>
  );
}

import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { defaultClassNames, getStorageClassObject } from "@/lib/k8s/storage-classes";
import { provisionerOptions } from "@/lib/k8s/csi-drivers";
import { classUsage } from "@/lib/k8s/persistent-volumes";
import { updateStorageClassAction } from "@/lib/actions/storage-classes";
import { storageClassValues } from "@/lib/validations/storage-class";
import { PageHeader } from "@/components/ui/card";
import { StorageClassForm } from "@/components/storage-classes/storage-class-form";

export const metadata = { title: "Edit storage class" };

export default async function EditStorageClassPage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const base = await getStorageClassObject(name);
  if (!base) notFound();
  const [provisioners, defaults, usage] = await Promise.all([provisionerOptions(), defaultClassNames(), classUsage(id, name)]);
  const initialValues = { ...storageClassValues(base), uid: base.metadata.uid ?? "", resourceVersion: base.metadata.resourceVersion ?? "", mode: "update" };
  return (
    <>
      <PageHeader title={`Edit ${name}`} description="Description, expansion, mount options and the default flag change in place. The rest is fixed once a class exists; changing it replaces the class." />
      <StorageClassForm
        action={updateStorageClassAction}
        initialValues={initialValues}
        base={base}
        usage={{
          volumes: usage.volumes.map((v) => ({ name: v.name, phase: v.phase })),
          claims: usage.claims.map((c) => ({ namespace: c.namespace, name: c.name, phase: c.phase })),
        }}
        provisioners={provisioners}
        currentDefault={defaults.find((d) => d !== name)}
        cancelHref={`/admin/storage-classes/${encodeURIComponent(name)}`}
      />
    </>
  );
}

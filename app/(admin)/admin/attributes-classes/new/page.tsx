import { requireAdmin } from "@/lib/auth/session";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { createAttributesClassAction } from "@/lib/actions/snapshot-classes";
import { PageHeader } from "@/components/ui/card";
import { AttributesClassForm } from "@/components/csi/attributes-class-form";

export default async function NewAttributesClassPage() {
  await requireAdmin();
  const drivers = (await listCsiDrivers()).map((d) => d.name);
  return (
    <>
      <PageHeader title="New attribute class" />
      <AttributesClassForm action={createAttributesClassAction} drivers={drivers} />
    </>
  );
}

import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { attributesClassUsage, listAttributesClasses } from "@/lib/k8s/volume-attributes-classes";
import { deleteAttributesClassAction } from "@/lib/actions/snapshot-classes";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";

export default async function DeleteAttributesClassPage({ params }: { params: Promise<{ name: string }> }) {
  await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const c = (await listAttributesClasses()).find((x) => x.name === name);
  if (!c) notFound();
  const users = (await attributesClassUsage()).get(name) ?? [];
  return (
    <>
      <PageHeader title={`Delete attribute class ${name}?`} />
      <Card className="max-w-2xl space-y-3 text-sm">
        {users.length ? (
          <p data-testid="vac-in-use">
            Used by {users.map((u) => `${u.namespace}/${u.name}`).join(", ")}: Kubernetes keeps the class (Terminating) until no claim uses it; their volumes keep their current attributes.
          </p>
        ) : (
          <p>No claim uses it. Volumes are not changed by deleting a class.</p>
        )}
        <ConfirmAction action={deleteAttributesClassAction} hidden={{ name, uid: c.uid }} confirmLabel="Delete class" cancelHref="/admin/attributes-classes" danger />
      </Card>
    </>
  );
}

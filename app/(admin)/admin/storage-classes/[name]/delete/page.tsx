import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getStorageClass } from "@/lib/k8s/storage-classes";
import { classUsage } from "@/lib/k8s/persistent-volumes";
import { deleteStorageClassAction } from "@/lib/actions/storage-classes";
import { Card, PageHeader } from "@/components/ui/card";
import { PhaseBadge } from "@/components/ui/badge";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { LiveRefresh } from "@/components/live/live-refresh";

export const metadata = { title: "Delete storage class" };

export default async function DeleteStorageClassPage({ params }: { params: Promise<{ name: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const sc = await getStorageClass(name);
  if (!sc) notFound();
  const { volumes, claims } = await classUsage(id, name);
  const pending = claims.filter((c) => c.phase === "Pending");
  return (
    <>
      <LiveRefresh topics={["storageclasses", "persistentvolumes", "persistentvolumeclaims"]} />
      <PageHeader title={`Delete storage class ${name}?`} />
      <Card className="space-y-4">
        <p className="text-sm">
          Only the class object <strong>{name}</strong> is deleted. Volumes and claims are not touched: they keep the class name,
          bound volumes keep working, and their reclaim policy still applies when their claims go.
        </p>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {sc.isDefault ? <li>This is the default class: afterwards, new claims that name no class get none.</li> : null}
          {pending.length ? <li>{pending.length} pending claim(s) of this class will stay pending: no provisioner will serve them.</li> : null}
          <li>Developers can no longer request new volumes of this class.</li>
        </ul>
        <section aria-label="Volumes using this class">
          <h2 className="text-sm font-semibold">Volumes of this class ({volumes.length})</h2>
          {volumes.length === 0 ? <p className="text-sm text-slate-500">None.</p> : (
            <ul className="mt-1 space-y-1 text-sm">
              {volumes.map((v) => (
                <li key={v.name} className="flex items-center gap-2">
                  <PhaseBadge phase={v.phase} deleting={v.deleting} />
                  <Link className="text-indigo-700 hover:underline" href={`/admin/volumes/${encodeURIComponent(v.name)}`}>{v.name}</Link>
                  <span className="text-slate-500">{v.capacity}{v.claim ? ` · ${v.claim.namespace}/${v.claim.name}` : ""}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Claims using this class">
          <h2 className="text-sm font-semibold">Claims of this class ({claims.length})</h2>
          {claims.length === 0 ? <p className="text-sm text-slate-500">None.</p> : (
            <ul className="mt-1 space-y-1 text-sm">
              {claims.map((c) => (
                <li key={`${c.namespace}/${c.name}`} className="flex items-center gap-2">
                  <PhaseBadge phase={c.phase} deleting={c.deleting} />
                  <span>{c.namespace}/{c.name}</span>
                  <span className="text-slate-500">{c.capacity ?? c.requested}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <ConfirmAction
          action={deleteStorageClassAction}
          hidden={{ name: sc.name, uid: sc.uid }}
          confirmLabel={`Delete class ${name}`}
          cancelHref={`/admin/storage-classes/${encodeURIComponent(name)}`}
          danger
        />
      </Card>
    </>
  );
}

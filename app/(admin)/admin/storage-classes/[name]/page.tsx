import Link from "next/link";
import { notFound } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { getStorageClass } from "@/lib/k8s/storage-classes";
import { classUsage } from "@/lib/k8s/persistent-volumes";
import { Card, Details, PageHeader } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { ConfirmNotice } from "@/components/ui/confirm-notice";
import { VolumeTable } from "@/components/volumes/volume-table";
import { ClaimTable } from "@/components/claims/claim-table";
import { LiveRefresh } from "@/components/live/live-refresh";

/** Big classes have thousands of objects; the detail page shows a first page of each. */
const SHOWN = 50;

const DONE: Record<string, string> = {
  created: "Storage class created.",
  updated: "Changes saved.",
  replaced: "The class was deleted and created again with the new settings.",
};

export default async function StorageClassPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<{ done?: string }> }) {
  const id = await requireAdmin();
  const name = decodeURIComponent((await params).name);
  const { done } = await searchParams;
  const sc = await getStorageClass(name);
  if (!sc) notFound();
  const { volumes, claims } = await classUsage(id, sc.name);
  const href = `/admin/storage-classes/${encodeURIComponent(sc.name)}`;
  return (
    <>
      <LiveRefresh topics={["storageclasses", "persistentvolumes", "persistentvolumeclaims"]} />
      {done && DONE[done] ? <ConfirmNotice>{DONE[done]}</ConfirmNotice> : null}
      <PageHeader
        title={sc.name}
        description={sc.description || undefined}
        actions={
          <>
            {sc.isDefault ? <Badge tone="blue">default class</Badge> : null}
            <ButtonLink href={`${href}/edit`} variant="secondary">Edit</ButtonLink>
            <ButtonLink href={`${href}/delete`} variant="danger">Delete</ButtonLink>
          </>
        }
      />
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
      <h2 className="mb-2 mt-8 text-lg font-semibold">Volumes of this class ({volumes.length})</h2>
      <VolumeTable rows={volumes.slice(0, SHOWN)} />
      {volumes.length > SHOWN ? (
        <Link className="mt-2 inline-block text-sm text-indigo-700 hover:underline" href={`/admin/volumes?class=${encodeURIComponent(sc.name)}`}>
          All {volumes.length} volumes of this class →
        </Link>
      ) : null}
      <h2 className="mb-2 mt-8 text-lg font-semibold">Claims of this class ({claims.length})</h2>
      <ClaimTable rows={claims.slice(0, SHOWN)} />
      {claims.length > SHOWN ? <p className="mt-2 text-sm text-slate-600">Showing the first {SHOWN} claims.</p> : null}
    </>
  );
}

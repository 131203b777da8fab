import Link from "next/link";
import type { Identity } from "@/lib/k8s/identity";
import { allKeptSnapshots } from "@/lib/k8s/volume-snapshots";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { deleteExpiredKeptSnapshotAction } from "@/lib/actions/keep-snapshot";
import { isExpired } from "@/lib/storage/snapshots";
import type { Finding } from "@/lib/unused/types";
import { Card } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { SnapshotBeforeDelete } from "./snapshot-before-delete";

const serverToday = () => new Date();
const MAX_OFFERS = 20;

/**
 * The unused review's snapshot side: "snapshot first, then delete" for the unused claims on
 * this page whose driver can snapshot, and kept snapshots past their retention date, offered
 * for deletion one by one (never deleted without a confirmation).
 */
export async function UnusedSnapshotPanel({ id, findings }: { id: Identity; findings: Finding[] }) {
  const missing = await missingSnapshotApi();
  if (missing.length) {
    return <p className="mt-6 text-sm text-slate-600" data-testid="snapshot-unavailable">Snapshot-first cleanup is not available: this cluster lacks the VolumeSnapshot CRDs.</p>;
  }
  const now = serverToday();
  const expired = (await allKeptSnapshots()).filter((s) => s.kept && isExpired(s.kept.until, now) && !s.deleting);
  const claims = findings.filter((f) => f.kind === "PersistentVolumeClaim").slice(0, MAX_OFFERS);
  return (
    <Card className="mt-6 space-y-4">
      <h2 className="font-semibold">Snapshots</h2>
      {claims.length ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium">Take a snapshot first, then delete ({claims.length} unused claim{claims.length === 1 ? "" : "s"} on this page)</summary>
          <div className="mt-3 space-y-3">
            {claims.map((f) => (
              <div key={f.id}>
                <p className="text-xs font-medium">
                  {f.namespace}/{f.name} ({f.capacity}, {f.storageClass || "no class"})
                </p>
                <SnapshotBeforeDelete id={id} namespace={f.namespace} name={f.name} admin />
              </div>
            ))}
          </div>
        </details>
      ) : null}
      <div data-testid="expired-kept">
        <h3 className="text-sm font-semibold">Kept snapshots past their retention date</h3>
        {expired.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <ul className="space-y-3">
            {expired.map((s) => (
              <li key={s.uid} className="text-sm" data-testid="expired-kept-row">
                <p>
                  <Link className="text-indigo-700 hover:underline" href={`/snapshots/${encodeURIComponent(s.namespace)}/${encodeURIComponent(s.name)}`}>
                    {s.namespace}/{s.name}
                  </Link>{" "}
                  kept by {s.kept?.by} from claim {s.kept?.fromClaim} until {s.kept?.until}
                  {s.restoreSize ? `, ${s.restoreSize}` : ""}.
                </p>
                <ConfirmAction action={deleteExpiredKeptSnapshotAction} hidden={{ namespace: s.namespace, name: s.name, uid: s.uid }} confirmLabel="Delete snapshot" cancelHref="/admin/unused" danger acknowledge="I understand the data in this snapshot may be deleted for good." />
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="text-xs">
        <Link className="text-indigo-700 hover:underline" href="/snapshots?kept=1">
          All kept snapshots (restore in one click)
        </Link>
      </p>
    </Card>
  );
}

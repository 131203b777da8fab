import { can } from "@/lib/k8s/access";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { getClaim } from "@/lib/k8s/persistent-volume-claims";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import type { Identity } from "@/lib/k8s/identity";
import { adminKeepSnapshotThenDeleteAction, keepSnapshotThenDeleteAction } from "@/lib/actions/keep-snapshot";
import { classesForDriver, claimDriver, defaultClassFor, keepDays, retentionDate } from "@/lib/storage/snapshots";
import { SmallForm } from "./small-form";

/** The server's date, for the retention default. */
const today = () => new Date();

/**
 * "Take a snapshot first, then delete": offered where the claim's CSI driver can snapshot and
 * the person may create snapshots. Bob gets the admin's retention period; John picks a date.
 */
export async function SnapshotBeforeDelete({ id, namespace, name, admin = false }: { id: Identity; namespace: string; name: string; admin?: boolean }) {
  const claim = await getClaim(id, namespace, name);
  if (!claim || claim.phase !== "Bound" || claim.deleting) return null;
  const [missing, drivers, storageClasses] = await Promise.all([missingSnapshotApi(), listCsiDrivers(), listStorageClasses()]);
  const driver = claimDriver(claim, storageClasses);
  if (missing.length || !driver || !drivers.some((d) => d.name === driver)) return null;
  const classes = classesForDriver(await listSnapshotClasses(), driver);
  if (!classes.length) return null;
  if (!(await can(id, { verb: "create", resource: "volumesnapshots", group: "snapshot.storage.k8s.io", namespace }))) return null;
  const until = retentionDate(today(), keepDays(process.env));
  return (
    <div data-testid="snapshot-before-delete" className="space-y-2 rounded-md bg-sky-50 p-3 text-sm ring-1 ring-sky-200">
      <p className="font-medium">Safer: take a snapshot first, then delete.</p>
      <p className="text-xs text-slate-600">
        The snapshot is kept {admin ? "until the date you choose" : `until ${until} (the admins' retention period)`}, marked as kept by {id.user} from claim {name}; it can be restored in one click from the kept snapshots. The claim is deleted only once the snapshot is ready.
      </p>
      <SmallForm
        action={admin ? adminKeepSnapshotThenDeleteAction : keepSnapshotThenDeleteAction}
        label={`Snapshot then delete ${name}`}
        hidden={{ namespace, name, uid: claim.uid, ...(admin ? {} : { keepUntil: until }) }}
        submit="Snapshot, then delete"
        fields={[
          { kind: "select", name: "className", label: "Snapshot class", initial: defaultClassFor(classes, driver) ?? "", placeholder: "Choose…", options: classes.map((c) => ({ value: c.name, label: c.name })) },
          ...(admin ? [{ kind: "text" as const, type: "date" as const, name: "keepUntil", label: "Keep until", initial: until }] : []),
        ]}
      />
    </div>
  );
}

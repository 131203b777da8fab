import Link from "next/link";
import { can } from "@/lib/k8s/access";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { claimObject, getClaim } from "@/lib/k8s/persistent-volume-claims";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { listSnapshots } from "@/lib/k8s/volume-snapshots";
import { listAttributesClasses, toClaimModifyState } from "@/lib/k8s/volume-attributes-classes";
import { eventsFor } from "@/lib/k8s/events";
import type { Identity } from "@/lib/k8s/identity";
import { changeAttributesClassAction, cloneClaimAction, takeSnapshotAction } from "@/lib/actions/snapshots";
import { classesForDriver, claimDriver, dataSourceText, defaultClassFor, snapshotUnavailableReason } from "@/lib/storage/snapshots";
import { modifyFlow, modifyPhase, type ClaimModifyState } from "@/lib/flow/modify-steps";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { FlowTimeline } from "@/components/flow/flow-timeline";
import { SmallForm } from "./small-form";

const SNAP_GROUP = "snapshot.storage.k8s.io";

/** The attribute-change steps of a claim, from its events (server clock). */
async function modifySteps(id: Identity, s: ClaimModifyState) {
  return modifyFlow(s, await eventsFor(id, { kind: "PersistentVolumeClaim", name: s.name, namespace: s.namespace }), Date.now());
}

const today = () => new Date();

function stamp(d: Date): string {
  return d.toISOString().slice(0, 16).replace(/[-:T]/g, "").toLowerCase();
}

/**
 * Snapshot, clone and attribute-class actions for one claim, each offered only where the
 * cluster can do it (CRDs, a CSI driver, a class for it) and RBAC lets this person.
 */
export async function ClaimSnapshotPanel({ id, namespace, name }: { id: Identity; namespace: string; name: string }) {
  const claim = await getClaim(id, namespace, name);
  if (!claim) return null;
  const raw = (await claimObject(id, namespace, name)) as { spec?: { dataSource?: { kind?: string; name?: string } } } | undefined;
  const [storageClasses, drivers, missing] = await Promise.all([listStorageClasses(), listCsiDrivers(), missingSnapshotApi()]);
  const driver = claimDriver(claim, storageClasses);
  const isCsi = Boolean(driver && drivers.some((d) => d.name === driver));
  const source = dataSourceText(raw?.spec?.dataSource);
  const [mayCreateSnap, mayCreateClaim, mayPatch] = await Promise.all([
    can(id, { verb: "create", resource: "volumesnapshots", group: SNAP_GROUP, namespace }),
    can(id, { verb: "create", resource: "persistentvolumeclaims", namespace }),
    can(id, { verb: "patch", resource: "persistentvolumeclaims", namespace }),
  ]);
  const snapClasses = classesForDriver(await listSnapshotClasses(), driver);
  const snaps = (await listSnapshots(id, namespace)).filter((s) => s.sourceClaim === name);
  const vacs = (await listAttributesClasses()).filter((v) => v.driverName === driver);
  const modify = raw ? toClaimModifyState(raw as Parameters<typeof toClaimModifyState>[0]) : undefined;
  const bound = claim.phase === "Bound" && !claim.deleting;

  let snapshotNote = snapshotUnavailableReason(missing, drivers.map((d) => d.name));
  if (!snapshotNote && !isCsi) snapshotNote = `Snapshots need a CSI driver; this claim's volume comes from ${driver ?? "no known provisioner"}.`;
  if (!snapshotNote && snapClasses.length === 0) snapshotNote = `No snapshot class exists for driver ${driver}: an admin creates one first.`;
  if (!snapshotNote && !bound) snapshotNote = "A snapshot can be taken once the claim is Bound.";
  if (!snapshotNote && !mayCreateSnap) snapshotNote = "You may not take snapshots in this namespace.";

  return (
    <Card>
      <h2 className="mb-2 font-semibold">Snapshots and copies</h2>
      {source ? (
        <p className="mb-3 text-sm" data-testid="claim-data-source">
          {source}
        </p>
      ) : null}
      {snapshotNote ? (
        <p className="text-sm text-slate-600" data-testid="snapshot-unavailable">
          {snapshotNote}
        </p>
      ) : (
        <SmallForm
          action={takeSnapshotAction}
          label="Take a snapshot"
          hidden={{ namespace, claim: name }}
          submit="Take snapshot"
          fields={[
            { kind: "text", name: "name", label: "Snapshot name", initial: `${name}-${stamp(today())}`.slice(0, 253) },
            {
              kind: "select",
              name: "className",
              label: "Snapshot class",
              initial: defaultClassFor(snapClasses, driver) ?? "",
              placeholder: "Choose a class…",
              options: snapClasses.map((c) => ({ value: c.name, label: `${c.name}${c.isDefault ? " (default)" : ""} — deletes data with snapshot: ${c.deletionPolicy === "Delete" ? "yes" : "no"}` })),
              hint: `Classes of the claim's driver ${driver}.`,
            },
          ]}
        />
      )}
      {snaps.length ? (
        <ul className="mt-3 space-y-1 text-sm" aria-label="Snapshots of this claim">
          {snaps.map((s) => (
            <li key={s.uid} className="flex items-center gap-2">
              <Link className="text-indigo-700 hover:underline" href={`/snapshots/${encodeURIComponent(namespace)}/${encodeURIComponent(s.name)}`}>
                {s.name}
              </Link>
              {s.readyToUse ? <Badge tone="green">ready</Badge> : s.error ? <Badge tone="red">error</Badge> : <Badge tone="yellow">not ready</Badge>}
            </li>
          ))}
        </ul>
      ) : null}
      {isCsi && bound && mayCreateClaim && claim.storageClass ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-medium">Clone this claim…</summary>
          <p className="my-2 text-xs text-slate-500">A new claim in {namespace} with class {claim.storageClass}, starting as a copy of this one&apos;s data.</p>
          <SmallForm
            action={cloneClaimAction}
            label="Clone claim"
            hidden={{ namespace, source: name, sourceSize: claim.capacity ?? claim.requested }}
            submit="Clone"
            fields={[
              { kind: "text", name: "name", label: "New claim name", initial: `${name}-clone` },
              { kind: "text", name: "size", label: "Size", initial: claim.capacity ?? claim.requested, hint: `At least ${claim.capacity ?? claim.requested}.` },
            ]}
          />
        </details>
      ) : null}
      {isCsi && (vacs.length || modify?.requested) ? (
        <div className="mt-4 space-y-2" data-testid="attributes-class">
          <h3 className="text-sm font-semibold">Volume attributes</h3>
          <p className="text-sm">
            Current class: <strong>{modify?.current ?? "(none)"}</strong>
            {modify && modifyPhase(modify) === "infeasible" ? <Badge tone="red">infeasible</Badge> : null}
            {modify && modifyPhase(modify) === "in-progress" ? <Badge tone="yellow">changing</Badge> : null}
          </p>
          {modify?.requested ? <FlowTimeline label="Attribute change steps" steps={await modifySteps(id, modify)} /> : null}
          {mayPatch && bound && vacs.length ? (
            <SmallForm
              action={changeAttributesClassAction}
              label="Change attributes class"
              hidden={{ namespace, claim: name }}
              submit="Change"
              fields={[{ kind: "select", name: "className", label: "Attributes class", initial: modify?.requested ?? "", placeholder: "Choose…", options: vacs.map((v) => ({ value: v.name, label: `${v.name} (${Object.entries(v.parameters).map(([k, x]) => `${k}=${x}`).join(", ")})` })) }]}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}

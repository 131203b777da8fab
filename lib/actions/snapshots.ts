"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { createClaim, getClaim } from "@/lib/k8s/persistent-volume-claims";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { createSnapshot, deleteSnapshot, getSnapshot } from "@/lib/k8s/volume-snapshots";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { buildCloneClaim, buildRestoreClaim, buildVolumeSnapshot, classesForDriver, claimDriver } from "@/lib/storage/snapshots";
import { changeAttributesSchema, cloneSchema, restoreSchema, takeSnapshotSchema } from "@/lib/validations/snapshot";
import { listAttributesClasses, setClaimAttributesClass } from "@/lib/k8s/volume-attributes-classes";
import { parseForm, zodFieldErrors, type ActionResult } from "./result";
import { dryRunThenWrite, k8sFailure } from "./k8s-failure";
import type { Identity } from "@/lib/k8s/identity";
import { CLAIM_FIELDS, withSizeFallback } from "./claim-failure";

const SNAPSHOT_FIELDS: Record<string, string> = {
  "metadata.name": "name",
  "spec.volumeSnapshotClassName": "className",
  "spec.source": "claim",
};

const claimPath = (ns: string, name: string) => `/claims/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;
const snapshotPath = (ns: string, name: string) => `/snapshots/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

function fail(values: Record<string, string>, fieldErrors: Record<string, string>, message = "Check the highlighted fields."): ActionResult {
  return { ok: false, message, fieldErrors, values };
}

/** Restore and clone: the new claim is dry-run, created as the person, then opened. */
async function createClaimThenOpen(id: Identity, namespace: string, name: string, body: object, values: Record<string, string>): Promise<ActionResult> {
  const refused = await dryRunThenWrite((dryRun) => createClaim(id, namespace, body, dryRun), (e) => withSizeFallback(k8sFailure(e, CLAIM_FIELDS, values), e));
  if (refused) return refused;
  revalidatePath("/claims");
  redirect(claimPath(namespace, name));
}

const NO_CLAIM = "This claim does not exist (any more), or you may not see it.";

/** Take a snapshot of a Bound claim, with a class of the claim's own driver. */
export async function takeSnapshotAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(takeSnapshotSchema, formData);
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  if ((await missingSnapshotApi()).length) return fail(values, {}, "This cluster has no VolumeSnapshot CRDs: snapshots cannot be taken.");
  const claim = await getClaim(id, v.namespace, v.claim);
  if (!claim) return fail(values, { claim: NO_CLAIM });
  if (claim.phase !== "Bound") return fail(values, { claim: `The claim is ${claim.phase}: only a Bound claim has data to snapshot.` });
  const driver = claimDriver(claim, await listStorageClasses());
  const offered = classesForDriver(await listSnapshotClasses(), driver);
  if (!offered.some((c) => c.name === v.className)) {
    return fail(values, { className: driver ? `Choose a snapshot class for the claim's driver ${driver}.` : "The claim's driver is not known, so no snapshot class fits it." });
  }
  const body = buildVolumeSnapshot({ namespace: v.namespace, name: v.name, claim: v.claim, className: v.className, source: { storageClass: claim.storageClass, accessModes: claim.accessModes } });
  const refused = await dryRunThenWrite((dryRun) => createSnapshot(id, body, dryRun), (e) => k8sFailure(e, SNAPSHOT_FIELDS, values));
  if (refused) return refused;
  revalidatePath("/snapshots");
  redirect(snapshotPath(v.namespace, v.name));
}

/** Restore a snapshot into a new claim: size >= restoreSize, a class of the snapshot's driver. */
export async function restoreSnapshotAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(restoreSchema, formData);
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const snap = await getSnapshot(id, v.namespace, v.snapshot);
  if (!snap) return fail(values, { snapshot: "This snapshot does not exist (any more), or you may not see it." });
  // The floor comes from the cluster, not from the (editable) hidden field.
  const sized = restoreSchema.safeParse({ ...values, restoreSize: snap.restoreSize ?? "" });
  if (!sized.success) return fail(values, zodFieldErrors(sized.error));
  const classes = await listStorageClasses();
  const snapClass = (await listSnapshotClasses()).find((c) => c.name === snap.className);
  const cls = classes.find((c) => c.name === v.storageClass);
  if (!cls) return fail(values, { storageClass: "This storage class does not exist (any more)." });
  if (snapClass && cls.provisioner !== snapClass.driver) return fail(values, { storageClass: `Choose a class of driver ${snapClass.driver}: only it can restore this snapshot.` });
  const body = buildRestoreClaim({ namespace: v.namespace, name: v.name, storageClass: v.storageClass, size: v.size, accessModes: v.accessModes, snapshot: v.snapshot });
  return createClaimThenOpen(id, v.namespace, v.name, body, values);
}

/** Clone a claim: same namespace and class, size >= the source's. */
export async function cloneClaimAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(cloneSchema, formData);
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const source = await getClaim(id, v.namespace, v.source);
  if (!source) return fail(values, { source: "The source claim does not exist (any more), or you may not see it." });
  const sized = cloneSchema.safeParse({ ...values, sourceSize: source.capacity ?? source.requested });
  if (!sized.success) return fail(values, zodFieldErrors(sized.error));
  if (!source.storageClass) return fail(values, { source: "The source claim has no storage class: only a CSI-provisioned claim can be cloned." });
  const body = buildCloneClaim({
    namespace: v.namespace,
    name: v.name,
    storageClass: source.storageClass,
    size: v.size,
    accessModes: source.accessModes,
    volumeMode: source.volumeMode,
    source: v.source,
  });
  return createClaimThenOpen(id, v.namespace, v.name, body, values);
}

/** Deletes exactly the snapshot that was shown (uid), as the person; the page said what deletionPolicy does. */
export async function deleteSnapshotAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const values = Object.fromEntries([...formData.entries()].filter(([, x]) => typeof x === "string")) as Record<string, string>;
  const { namespace = "", name = "", uid = "" } = values;
  if (!namespace || !name || !uid) return fail(values, {}, "The form lost which snapshot to delete. Reload and try again.");
  try {
    await deleteSnapshot(id, namespace, name, uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  revalidatePath("/snapshots");
  redirect(`/snapshots?namespace=${encodeURIComponent(namespace)}&deleted=${encodeURIComponent(name)}`);
}

/** Ask for other volume attributes (VolumeAttributesClass of the claim's driver); the resizer applies them. */
export async function changeAttributesClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(changeAttributesSchema, formData);
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const claim = await getClaim(id, v.namespace, v.claim);
  if (!claim) return fail(values, { claim: NO_CLAIM });
  const driver = claimDriver(claim, await listStorageClasses());
  const vac = (await listAttributesClasses()).find((c) => c.name === v.className);
  if (!vac) return fail(values, { className: "This attributes class does not exist (any more)." });
  if (vac.driverName !== driver) return fail(values, { className: `This class is for driver ${vac.driverName}; the claim's volume uses ${driver ?? "an unknown driver"}.` });
  const refused = await dryRunThenWrite(
    (dryRun) => setClaimAttributesClass(id, v.namespace, v.claim, v.className, dryRun),
    (e) => k8sFailure(e, { "spec.volumeAttributesClassName": "className" }, values),
  );
  if (refused) return refused;
  revalidatePath(claimPath(v.namespace, v.claim));
  return { ok: true, message: `Asked for class ${v.className}: the timeline below follows the change.` };
}

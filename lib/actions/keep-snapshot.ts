"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin, requireSession } from "@/lib/auth/session";
import { deleteClaim, getClaim } from "@/lib/k8s/persistent-volume-claims";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { deleteSnapshot } from "@/lib/k8s/volume-snapshots";
import type { Identity } from "@/lib/k8s/identity";
import { classesForDriver, claimDriver } from "@/lib/storage/snapshots";
import { keepThenDeleteSchema } from "@/lib/validations/snapshot";
import { formValues, zodFieldErrors, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { dryRunKept, keepAndWait, keptSnapshot } from "./kept-snapshots";

/**
 * Keeps a snapshot of the claim (annotated with who, from which claim, until when), waits until
 * it is ready to use, then deletes exactly the claim shown. If the snapshot is not ready in time
 * the claim is NOT deleted: data is never lost because a snapshot was still being cut.
 */
async function keepThenDelete(id: Identity, formData: FormData, back: (ns: string) => string): Promise<ActionResult> {
  const values = formValues(formData);
  const today = new Date().toISOString().slice(0, 10);
  const parsed = keepThenDeleteSchema(today).safeParse(values);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: zodFieldErrors(parsed.error), values };
  const v = parsed.data;
  const claim = await getClaim(id, v.namespace, v.name);
  if (!claim || claim.uid !== v.uid) return { ok: false, message: "This claim changed or is gone; reload the page.", fieldErrors: {}, values };
  const driver = claimDriver(claim, await listStorageClasses());
  if (!classesForDriver(await listSnapshotClasses(), driver).some((c) => c.name === v.className)) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: { className: `Choose a snapshot class of driver ${driver ?? "(unknown)"}.` }, values };
  }
  const body = keptSnapshot(id.user, { namespace: v.namespace, claim: v.name, uid: v.uid, className: v.className, storageClass: claim.storageClass, accessModes: claim.accessModes }, v.keepUntil);
  let notReady: string | undefined;
  try {
    await dryRunKept(id, [body]);
    notReady = await keepAndWait(id, [body]);
  } catch (e) {
    return k8sFailure(e, { "spec.volumeSnapshotClassName": "className" }, values);
  }
  if (notReady) return { ok: false, message: `${notReady}; the claim was NOT deleted. Try again once the snapshot is ready.`, fieldErrors: {}, values };
  try {
    await deleteClaim(id, v.namespace, v.name, v.uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  revalidatePath("/claims");
  revalidatePath("/snapshots");
  redirect(back(v.namespace));
}

/** Bob: from the claim's delete page. */
export async function keepSnapshotThenDeleteAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  return keepThenDelete(id, formData, (ns) => `/snapshots?kept=1&namespace=${encodeURIComponent(ns)}`);
}

/** John: from the unused review. */
export async function adminKeepSnapshotThenDeleteAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  return keepThenDelete(id, formData, () => "/admin/unused?kept=1");
}

/** John: delete a kept snapshot whose retention date has passed (offered in the unused review). */
export async function deleteExpiredKeptSnapshotAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const { namespace = "", name = "", uid = "" } = values;
  if (!namespace || !name || !uid) return { ok: false, message: "The form lost which snapshot to delete. Reload and try again.", fieldErrors: {}, values };
  try {
    await deleteSnapshot(id, namespace, name, uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  revalidatePath("/admin/unused");
  return { ok: true, message: `Snapshot ${namespace}/${name} deleted.` };
}

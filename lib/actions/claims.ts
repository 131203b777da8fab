"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import {
  createClaim,
  deleteClaim,
  expandClaim,
  getClaim,
} from "@/lib/k8s/persistent-volume-claims";
import { getPersistentVolume } from "@/lib/k8s/persistent-volumes";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { storageBudgets } from "@/lib/k8s/quotas";
import { volumeMatchesClaim } from "@/lib/storage/pv-matching";
import {
  budgetProblem,
  claimManifest,
  claimRequestSchema,
  expandSchema,
} from "@/lib/validations/claim";
import { deleteClaimSchema } from "@/lib/validations/workload-lifecycle";
import { formatBytes, parseQuantity } from "@/lib/quantity";
import { parseForm, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { CLAIM_FIELDS, withSizeFallback } from "./claim-failure";

export async function requestClaimAction(
  _prev: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(claimRequestSchema, formData);
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const fail = (
    fieldErrors: Record<string, string>,
    message = "Check the highlighted fields.",
  ): ActionResult => ({ ok: false, message, fieldErrors, values });
  if (!(await workspaceNamespaces(id)).includes(v.namespace))
    return fail({ namespace: "You cannot request volumes in this namespace." });

  let storageClass = v.storageClass;
  let volumeName: string | undefined;
  if (v.source === "class") {
    if (!(await listStorageClasses()).some((c) => c.name === v.storageClass))
      return fail({ storageClass: "This class does not exist (any more)." });
  } else {
    const pv = v.volumeName ? await getPersistentVolume(v.volumeName) : undefined;
    if (!pv) return fail({ volumeName: "This volume does not exist (any more)." });
    const m = volumeMatchesClaim(pv, {
      namespace: v.namespace,
      name: v.name,
      requested: v.size,
      accessModes: [v.accessMode],
      volumeMode: v.volumeMode,
      storageClass: pv.storageClass,
    });
    if (!m.ok)
      return fail({ volumeName: `This volume cannot serve the claim: ${m.reasons.join("; ")}.` });
    storageClass = pv.storageClass;
    volumeName = pv.name;
  }
  const budget = (await storageBudgets([v.namespace]))[v.namespace];
  const problem = budgetProblem(budget, v.size, storageClass);
  if (problem) return fail({ size: problem }, problem);

  const body = claimManifest({ ...v, storageClass, volumeName });
  try {
    await createClaim(id, v.namespace, body, true); // admission answers before anything exists
    await createClaim(id, v.namespace, body);
  } catch (e) {
    return withSizeFallback(k8sFailure(e, CLAIM_FIELDS, values), e);
  }
  revalidatePath("/claims");
  redirect(`/claims/${encodeURIComponent(v.namespace)}/${encodeURIComponent(v.name)}`);
}

export async function expandClaimAction(
  _prev: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(expandSchema, formData, "Check the new size.");
  if (!form.ok) return form.result;
  const { data: { namespace, name, size }, values } = form;
  const fail = (message: string): ActionResult => ({
    ok: false,
    message,
    fieldErrors: { size: message },
    values,
  });
  const claim = await getClaim(id, namespace, name);
  if (!claim) return fail("This claim no longer exists.");
  const cls = (await listStorageClasses()).find((c) => c.name === claim.storageClass);
  if (!cls?.allowVolumeExpansion)
    return fail("The claim's storage class does not allow growing volumes.");
  const want = parseQuantity(size) ?? 0;
  const have = parseQuantity(claim.requested) ?? 0;
  if (want <= have)
    return fail(`Enter a size larger than the current ${claim.requested}; volumes cannot shrink.`);
  const budget = (await storageBudgets([namespace]))[namespace];
  const max = budget?.limits.max;
  if (max !== undefined && want > max)
    return fail(`The largest claim allowed in ${namespace} is ${formatBytes(max)} (LimitRange).`);
  const left = budget?.storage ? budget.storage.hard - budget.storage.used : undefined;
  if (left !== undefined && want - have > left)
    return fail(
      `Growing by ${formatBytes(want - have)} needs more than the ${formatBytes(left)} quota left.`,
    );
  try {
    await expandClaim(id, namespace, name, size, true);
    await expandClaim(id, namespace, name, size);
  } catch (e) {
    return withSizeFallback(k8sFailure(e, CLAIM_FIELDS, values), e);
  }
  revalidatePath(`/claims/${namespace}/${name}`);
  return {
    ok: true,
    message: `Asked to grow ${name} to ${size}. Follow the resize in the timeline.`,
  };
}

export async function deleteClaimAction(
  _prev: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(deleteClaimSchema, formData, "Tick the box to confirm.");
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const claim = await getClaim(id, v.namespace, v.name);
  if (!claim || (v.uid && claim.uid !== v.uid))
    return { ok: false, message: "This claim no longer exists (or was recreated).", fieldErrors: {}, values };
  // Remember the volume and its policy: the follow-up page tracks them after the claim is gone.
  const pv = claim.volumeName ? await getPersistentVolume(claim.volumeName) : undefined;
  const policy =
    pv?.reclaimPolicy ??
    (await listStorageClasses()).find((c) => c.name === claim.storageClass)?.reclaimPolicy;
  try {
    await deleteClaim(id, v.namespace, v.name, claim.uid, true);
    await deleteClaim(id, v.namespace, v.name, claim.uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  revalidatePath("/claims");
  const q = new URLSearchParams({ uid: claim.uid });
  if (claim.volumeName) q.set("volume", claim.volumeName);
  if (policy) q.set("policy", policy);
  redirect(
    `/claims/${encodeURIComponent(v.namespace)}/${encodeURIComponent(v.name)}/deleted?${q.toString()}`,
  );
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { formValues, zodFieldErrors, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { isK8sError } from "@/lib/k8s/errors";
import { createPersistentVolume, deletePersistentVolume, makeVolumeAvailable, nodeOptions, removeVolumeFinalizer } from "@/lib/k8s/persistent-volumes";
import { hostPathPrefixes, hostPathProblem } from "@/lib/storage/host-path";
import { PERSISTENT_VOLUME_FIELD_MAP, buildPersistentVolume, persistentVolumeDraft, persistentVolumeSchema, removeFinalizerSchema } from "@/lib/validations/persistent-volume";
import { parseForm } from "./result";

const LIST = "/admin/volumes";

function failure(e: unknown, values: Record<string, string>): ActionResult {
  const r = k8sFailure(e, PERSISTENT_VOLUME_FIELD_MAP, values);
  if (!r.ok && isK8sError(e) && e.kind === "already-exists") r.fieldErrors.name = "A volume with this name already exists.";
  return r;
}

export async function createPersistentVolumeAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = persistentVolumeSchema.safeParse(persistentVolumeDraft(values));
  if (!parsed.success) return { ok: false, message: "Some fields need attention.", fieldErrors: zodFieldErrors(parsed.error), values };
  if (parsed.data.sourceType === "hostPath") {
    const problem = hostPathProblem(parsed.data.hostPath.path, hostPathPrefixes());
    if (problem) return { ok: false, message: "Some fields need attention.", fieldErrors: { "hostPath.path": problem }, values };
  }
  if (parsed.data.sourceType === "local") {
    const nodes = await nodeOptions();
    if (!nodes.some((n) => n.hostname === parsed.data.local.node)) {
      return { ok: false, message: "Some fields need attention.", fieldErrors: { "local.node": "No node with this host name is in the cluster." }, values };
    }
  }
  const pv = buildPersistentVolume(parsed.data);
  try {
    await createPersistentVolume(id, pv, { dryRun: true });
    if (values.intent === "check") return { ok: true, message: "The cluster accepts this volume (dry run: nothing was created)." };
    await createPersistentVolume(id, pv);
  } catch (e) {
    return failure(e, values);
  }
  revalidatePath(LIST);
  redirect(`${LIST}/${encodeURIComponent(pv.metadata.name)}?done=created`);
}

/** Released -> Available: clears the claimRef of the exact volume version the person confirmed. */
export async function makeVolumeAvailableAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const name = values.name ?? "";
  if (values.acknowledge !== "true") {
    return { ok: false, message: "Confirm that you know the old data is still on the volume.", fieldErrors: { acknowledge: "Tick this box to go on." }, values };
  }
  try {
    await makeVolumeAvailable(id, name, { uid: values.uid ?? "", resourceVersion: values.resourceVersion ?? "" });
  } catch (e) {
    return failure(e, values);
  }
  revalidatePath(LIST);
  redirect(`${LIST}/${encodeURIComponent(name)}?done=available`);
}

export async function deletePersistentVolumeAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const name = values.name ?? "";
  try {
    await deletePersistentVolume(id, name, values.uid ?? "");
  } catch (e) {
    return failure(e, values);
  }
  revalidatePath(LIST);
  redirect(`${LIST}?deleted=${encodeURIComponent(name)}`);
}

/** The admin's explicit, confirmed, audited removal of one finalizer from a volume stuck deleting. */
export async function removeVolumeFinalizerAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const form = parseForm(removeFinalizerSchema, formData, "Type the volume's name to confirm.");
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  let remaining: number;
  try {
    // Dry-runs the patch, records the audit event, then removes (all inside).
    ({ remaining } = await removeVolumeFinalizer(id, v.name, v.finalizer, v));
  } catch (e) {
    return failure(e, values);
  }
  revalidatePath(LIST);
  // The last finalizer gone, the volume goes too: land where that is said.
  redirect(remaining > 0 ? `${LIST}/${encodeURIComponent(v.name)}` : `${LIST}?deleted=${encodeURIComponent(v.name)}`);
}

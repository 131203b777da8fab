"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { formValues, zodFieldErrors, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { isK8sError } from "@/lib/k8s/errors";
import { log } from "@/lib/log";
import {
  checkReplaceStorageClass,
  clearOtherDefaults,
  createStorageClass,
  deleteStorageClass,
  readStorageClass,
  replaceStorageClass,
  updateStorageClass,
} from "@/lib/k8s/storage-classes";
import {
  IMMUTABLE_CLASS_FIELDS,
  STORAGE_CLASS_FIELD_MAP,
  buildStorageClass,
  changedImmutableFields,
  storageClassDraft,
  storageClassSchema,
} from "@/lib/validations/storage-class";

const LIST = "/admin/storage-classes";
const CHECKED = "The cluster accepts this class (dry run: nothing was saved).";

/** Apiserver failure -> form result, with the few cases a person needs explained in words. */
function failure(e: unknown, values: Record<string, string>): ActionResult {
  const r = k8sFailure(e, STORAGE_CLASS_FIELD_MAP, values);
  if (r.ok || !isK8sError(e)) return r;
  if (e.kind === "already-exists") r.fieldErrors.name = "A storage class with this name already exists.";
  if (e.kind === "conflict") r.fieldErrors.resourceVersion = r.message;
  for (const f of IMMUTABLE_CLASS_FIELDS) {
    const msg = r.fieldErrors[f];
    if (msg) r.fieldErrors[f] = `The cluster says: ${msg.replace(/^Invalid value: [^:]*: /, "")}. Kubernetes does not change this on an existing class: use “Replace” to recreate it.`;
  }
  return r;
}

function invalid(values: Record<string, string>, fieldErrors: Record<string, string>): ActionResult {
  return { ok: false, message: "Some fields need attention.", fieldErrors, values };
}

async function makeSoleDefault(id: Awaited<ReturnType<typeof requireAdmin>>, name: string): Promise<void> {
  try {
    await clearOtherDefaults(id, name);
  } catch (e) {
    // The class itself was saved; the list page flags two defaults so this can be fixed.
    log.error("could not clear the previous default class", e, { storageClass: name });
  }
}

export async function createStorageClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = storageClassSchema.safeParse(storageClassDraft(values));
  if (!parsed.success) return invalid(values, zodFieldErrors(parsed.error));
  const sc = buildStorageClass(parsed.data);
  try {
    await createStorageClass(id, sc, { dryRun: true });
    if (values.intent === "check") return { ok: true, message: CHECKED };
    await createStorageClass(id, sc);
  } catch (e) {
    return failure(e, values);
  }
  if (parsed.data.isDefault) await makeSoleDefault(id, sc.metadata.name);
  revalidatePath(LIST);
  redirect(`${LIST}/${encodeURIComponent(sc.metadata.name)}?done=created`);
}

/** Edit: mutable fields in place (PUT with the edited resourceVersion), or replace when asked. */
export async function updateStorageClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = storageClassSchema.safeParse(storageClassDraft(values));
  if (!parsed.success) return invalid(values, zodFieldErrors(parsed.error));
  const name = parsed.data.name;
  const replacing = values.mode === "replace";
  let done = "updated";
  try {
    const current = await readStorageClass(id, name);
    if (replacing) {
      if (changedImmutableFields(parsed.data, current).length === 0) {
        return invalid(values, { mode: "Nothing that needs a replace has changed. Switch back to “Edit in place”." });
      }
      if (values.confirmReplace !== "true") {
        return invalid(values, { confirmReplace: "Confirm that the class is deleted and created again." });
      }
      const next = buildStorageClass(parsed.data, { mode: "replace", base: current });
      const previous = { uid: values.uid ?? "", resourceVersion: values.resourceVersion ?? "" };
      if (values.intent === "check") {
        await checkReplaceStorageClass(id, next, previous);
        return { ok: true, message: CHECKED };
      }
      await replaceStorageClass(id, next, previous);
      done = "replaced";
    } else {
      const next = buildStorageClass(parsed.data, { mode: "update", base: current, resourceVersion: values.resourceVersion });
      await updateStorageClass(id, next, { dryRun: true });
      if (values.intent === "check") return { ok: true, message: CHECKED };
      await updateStorageClass(id, next);
    }
  } catch (e) {
    return failure(e, values);
  }
  if (parsed.data.isDefault) await makeSoleDefault(id, name);
  revalidatePath(LIST);
  redirect(`${LIST}/${encodeURIComponent(name)}?done=${done}`);
}

export async function deleteStorageClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const name = values.name ?? "";
  if (!name || !values.uid) return invalid(values, {});
  try {
    await deleteStorageClass(id, name, { uid: values.uid });
  } catch (e) {
    return failure(e, values);
  }
  revalidatePath(LIST);
  redirect(`${LIST}?deleted=${encodeURIComponent(name)}`);
}

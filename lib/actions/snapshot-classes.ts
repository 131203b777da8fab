"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";
import { formValues, zodFieldErrors, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { isK8sError } from "@/lib/k8s/errors";
import {
  clearOtherSnapshotDefaults,
  createSnapshotClass,
  deleteSnapshotClass,
  readSnapshotClass,
  replaceSnapshotClass,
  updateSnapshotClass,
} from "@/lib/k8s/volume-snapshot-classes";
import { createAttributesClass, deleteAttributesClass } from "@/lib/k8s/volume-attributes-classes";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import {
  ATTRIBUTES_CLASS_FIELD_MAP,
  SNAPSHOT_CLASS_FIELD_MAP,
  attributesClassDraft,
  attributesClassSchema,
  buildAttributesClass,
  buildSnapshotClass,
  changedImmutableSnapshotFields,
  snapshotClassDraft,
  snapshotClassSchema,
} from "@/lib/validations/snapshot-class";

const LIST = "/admin/snapshot-classes";
const VAC_LIST = "/admin/attributes-classes";
const CHECKED = "The cluster accepts this class (dry run: nothing was saved).";

function invalid(values: Record<string, string>, fieldErrors: Record<string, string>, message = "Some fields need attention."): ActionResult {
  return { ok: false, message, fieldErrors, values };
}

function failure(e: unknown, values: Record<string, string>, map: Record<string, string>, what: string): ActionResult {
  const r = k8sFailure(e, map, values);
  if (r.ok || !isK8sError(e)) return r;
  if (e.kind === "already-exists") r.fieldErrors.name = `A ${what} with this name already exists.`;
  if (e.kind === "conflict") r.fieldErrors.resourceVersion = r.message;
  return r;
}

async function soleDefault(id: Awaited<ReturnType<typeof requireAdmin>>, name: string, driver: string): Promise<void> {
  try {
    await clearOtherSnapshotDefaults(id, name, driver);
  } catch (e) {
    // The class itself was saved; the list flags a driver with two defaults so it can be fixed.
    console.error("[bindery] could not clear the previous default snapshot class", e);
  }
}

export async function createSnapshotClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = snapshotClassSchema.safeParse(snapshotClassDraft(values));
  if (!parsed.success) return invalid(values, zodFieldErrors(parsed.error));
  if ((await missingSnapshotApi()).length) return invalid(values, {}, "This cluster has no VolumeSnapshot CRDs: snapshot classes cannot be created.");
  const obj = buildSnapshotClass(parsed.data);
  try {
    await createSnapshotClass(id, obj, true);
    if (values.intent === "check") return { ok: true, message: CHECKED };
    await createSnapshotClass(id, obj);
  } catch (e) {
    return failure(e, values, SNAPSHOT_CLASS_FIELD_MAP, "snapshot class");
  }
  if (parsed.data.isDefault) await soleDefault(id, obj.metadata.name, obj.driver);
  revalidatePath(LIST);
  redirect(`${LIST}?done=created&name=${encodeURIComponent(obj.metadata.name)}`);
}

/**
 * Edit in place (deletion policy, description, default), or with mode=replace a change of
 * driver or parameters: confirmed, both halves dry-run, then delete + create as the person.
 */
export async function updateSnapshotClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = snapshotClassSchema.safeParse(snapshotClassDraft(values));
  if (!parsed.success) return invalid(values, zodFieldErrors(parsed.error));
  let driver = "";
  let done = "updated";
  try {
    const current = await readSnapshotClass(id, parsed.data.name);
    driver = current.driver;
    if (values.mode === "replace") {
      if (changedImmutableSnapshotFields(parsed.data, current).length === 0) {
        return invalid(values, { mode: "Nothing that needs a replace has changed. Switch back to “Edit in place”." });
      }
      if (values.confirmReplace !== "true") return invalid(values, { confirmReplace: "Confirm that the class is deleted and created again." });
      const next = buildSnapshotClass(parsed.data, current, "replace");
      const previous = { uid: values.uid ?? "", resourceVersion: values.resourceVersion ?? "" };
      await replaceSnapshotClass(id, next, previous, true);
      if (values.intent === "check") return { ok: true, message: CHECKED };
      await replaceSnapshotClass(id, next, previous);
      driver = next.driver;
      done = "replaced";
    } else {
      const next = buildSnapshotClass(parsed.data, { ...current, metadata: { ...current.metadata, resourceVersion: values.resourceVersion || current.metadata.resourceVersion } });
      await updateSnapshotClass(id, next, true);
      if (values.intent === "check") return { ok: true, message: CHECKED };
      await updateSnapshotClass(id, next);
    }
  } catch (e) {
    return failure(e, values, SNAPSHOT_CLASS_FIELD_MAP, "snapshot class");
  }
  if (parsed.data.isDefault) await soleDefault(id, parsed.data.name, driver);
  revalidatePath(LIST);
  redirect(`${LIST}?done=${done}&name=${encodeURIComponent(parsed.data.name)}`);
}

export async function deleteSnapshotClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  if (!values.name || !values.uid) return invalid(values, {}, "The form lost which class to delete. Reload and try again.");
  try {
    await deleteSnapshotClass(id, values.name, values.uid);
  } catch (e) {
    return failure(e, values, {}, "snapshot class");
  }
  revalidatePath(LIST);
  redirect(`${LIST}?deleted=${encodeURIComponent(values.name)}`);
}

export async function createAttributesClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  const parsed = attributesClassSchema.safeParse(attributesClassDraft(values));
  if (!parsed.success) return invalid(values, zodFieldErrors(parsed.error));
  const obj = buildAttributesClass(parsed.data);
  try {
    await createAttributesClass(id, obj, true);
    if (values.intent === "check") return { ok: true, message: CHECKED };
    await createAttributesClass(id, obj);
  } catch (e) {
    return failure(e, values, ATTRIBUTES_CLASS_FIELD_MAP, "attributes class");
  }
  revalidatePath(VAC_LIST);
  redirect(`${VAC_LIST}?done=created&name=${encodeURIComponent(obj.metadata.name)}`);
}

export async function deleteAttributesClassAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireAdmin();
  const values = formValues(formData);
  if (!values.name || !values.uid) return invalid(values, {}, "The form lost which class to delete. Reload and try again.");
  try {
    await deleteAttributesClass(id, values.name, values.uid);
  } catch (e) {
    return failure(e, values, {}, "attributes class");
  }
  revalidatePath(VAC_LIST);
  redirect(`${VAC_LIST}?deleted=${encodeURIComponent(values.name)}`);
}

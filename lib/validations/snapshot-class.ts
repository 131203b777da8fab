import { z } from "zod";
import { dnsSubdomain, qualifiedKey } from "./common";
import { isChecked, keyValueRows, parametersSchema } from "./storage-class";
import { DEFAULT_SNAPSHOT_CLASS_ANNOTATION, DELETION_POLICIES, SNAPSHOT_API_VERSION } from "@/lib/storage/snapshots";
import { DESCRIPTION_ANNOTATION } from "./storage-class";

/**
 * VolumeSnapshotClass form. driver and parameters are fixed for the snapshots already taken
 * with the class (the snapshotter passes them at cut time), so an edit in place changes only
 * the deletion policy, the default flag and the description; a change of driver or
 * parameters is a "replace": the class is deleted and created again under the same name.
 * (The CRD does not enforce this — an update of driver is accepted by the apiserver — but
 * Kubernetes documents snapshot classes as not updatable once created.)
 */

export const IMMUTABLE_SNAPSHOT_CLASS_FIELDS = ["driver", "parameters"] as const;

export const SNAPSHOT_CLASS_FIELD_MAP: Record<string, string> = {
  "metadata.name": "name",
  "metadata.annotations": "description",
  driver: "driver",
  parameters: "parameters",
  deletionPolicy: "deletionPolicy",
};

export function snapshotClassDraft(values: Record<string, string>) {
  return {
    name: values.name ?? "",
    driver: values.driver ?? "",
    parameters: keyValueRows(values, "parameters"),
    deletionPolicy: values.deletionPolicy ?? "Delete",
    description: values.description ?? "",
    isDefault: isChecked(values.isDefault),
  };
}
export type SnapshotClassDraft = ReturnType<typeof snapshotClassDraft>;

export const snapshotClassSchema = z.object({
  name: dnsSubdomain,
  driver: z
    .string()
    .trim()
    .min(1, "Choose the CSI driver that cuts these snapshots.")
    .refine((p) => qualifiedKey.safeParse(p).success, "A driver name looks like 'local.csi.bindery.io'."),
  parameters: parametersSchema,
  deletionPolicy: z.enum(DELETION_POLICIES, { error: "Choose Delete or Retain." }),
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  isDefault: z.boolean(),
});
export type SnapshotClassInput = z.infer<typeof snapshotClassSchema>;

export interface SnapshotClassObject {
  apiVersion: string;
  kind: "VolumeSnapshotClass";
  metadata: { name: string; uid?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  driver: string;
  parameters?: Record<string, string>;
  deletionPolicy: string;
}

/**
 * The object to send; with `base` (an edit) its labels and other annotations are kept. In
 * place (`update`) the version is kept and driver and parameters come from `base`; a
 * `replace` takes them from the form and carries no version (a new object).
 */
export function buildSnapshotClass(input: SnapshotClassInput | SnapshotClassDraft, base?: SnapshotClassObject, mode: "update" | "replace" = "update"): SnapshotClassObject {
  const inPlace = base && mode === "update";
  const annotations: Record<string, string> = { ...(base?.metadata.annotations ?? {}) };
  delete annotations[DEFAULT_SNAPSHOT_CLASS_ANNOTATION];
  if (input.isDefault) annotations[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] = "true";
  const description = input.description.trim();
  if (description) annotations[DESCRIPTION_ANNOTATION] = description;
  else delete annotations[DESCRIPTION_ANNOTATION];
  const metadata: SnapshotClassObject["metadata"] = { name: input.name.trim() };
  if (base?.metadata.labels) metadata.labels = { ...base.metadata.labels };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  if (inPlace && base.metadata.resourceVersion) metadata.resourceVersion = base.metadata.resourceVersion;
  if (inPlace && base.metadata.uid) metadata.uid = base.metadata.uid;
  // An edit in place never changes driver or parameters: they come from the class as it is.
  const parameters = inPlace ? (base.parameters ?? {}) : Object.fromEntries(input.parameters.map((p) => [p.key.trim(), p.value]));
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshotClass",
    metadata,
    driver: inPlace ? base.driver : input.driver.trim(),
    ...(Object.keys(parameters).length ? { parameters } : {}),
    deletionPolicy: input.deletionPolicy,
  };
}

/** Which fields that need a replace differ between the form and the class as it is. */
export function changedImmutableSnapshotFields(input: SnapshotClassDraft | SnapshotClassInput, current: SnapshotClassObject): (typeof IMMUTABLE_SNAPSHOT_CLASS_FIELDS)[number][] {
  const out: (typeof IMMUTABLE_SNAPSHOT_CLASS_FIELDS)[number][] = [];
  if (input.driver.trim() !== current.driver) out.push("driver");
  const a = Object.fromEntries(input.parameters.map((p) => [p.key.trim(), p.value]));
  const b = current.parameters ?? {};
  if (Object.keys(a).length !== Object.keys(b).length || Object.entries(a).some(([k, v]) => b[k] !== v)) out.push("parameters");
  return out;
}

/** Form values for an existing class (edit form). */
export function snapshotClassValues(c: SnapshotClassObject): Record<string, string> {
  const v: Record<string, string> = {
    name: c.metadata.name,
    driver: c.driver,
    deletionPolicy: c.deletionPolicy,
    description: c.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? "",
    resourceVersion: c.metadata.resourceVersion ?? "",
    uid: c.metadata.uid ?? "",
  };
  if (c.metadata.annotations?.[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] === "true") v.isDefault = "true";
  Object.entries(c.parameters ?? {}).forEach(([k, val], i) => {
    v[`parameters.${i}.key`] = k;
    v[`parameters.${i}.value`] = val;
  });
  return v;
}

// ---- VolumeAttributesClass (storage.k8s.io/v1): driverName and parameters are immutable ----

export function attributesClassDraft(values: Record<string, string>) {
  return { name: values.name ?? "", driverName: values.driverName ?? "", parameters: keyValueRows(values, "parameters") };
}

export const attributesClassSchema = z.object({
  name: dnsSubdomain,
  driverName: z
    .string()
    .trim()
    .min(1, "Choose the CSI driver that applies these attributes.")
    .refine((p) => qualifiedKey.safeParse(p).success, "A driver name looks like 'local.csi.bindery.io'."),
  parameters: parametersSchema.min(1, "Add at least one parameter: a class without parameters changes nothing."),
});

export interface AttributesClassObject {
  apiVersion: "storage.k8s.io/v1";
  kind: "VolumeAttributesClass";
  metadata: { name: string };
  driverName: string;
  parameters: Record<string, string>;
}

export function buildAttributesClass(input: z.infer<typeof attributesClassSchema> | ReturnType<typeof attributesClassDraft>): AttributesClassObject {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "VolumeAttributesClass",
    metadata: { name: input.name.trim() },
    driverName: input.driverName.trim(),
    parameters: Object.fromEntries(input.parameters.map((p) => [p.key.trim(), p.value])),
  };
}

export const ATTRIBUTES_CLASS_FIELD_MAP: Record<string, string> = { "metadata.name": "name", driverName: "driverName", parameters: "parameters" };

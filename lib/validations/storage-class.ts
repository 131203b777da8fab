import { z } from "zod";
import { RECLAIM_POLICIES, dnsSubdomain, qualifiedKey } from "./common";

/**
 * The StorageClass form: parsing submitted values, the zod schema (shared by the client form
 * for instant field errors and by the server action), and the one builder used for both the
 * YAML preview and the object that is sent.
 */

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
export const BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";
export const DESCRIPTION_ANNOTATION = "bindery.io/description";

export const VOLUME_BINDING_MODES = ["WaitForFirstConsumer", "Immediate"] as const;
/** Kubernetes refuses to change these on an existing class; changing them means delete + recreate. */
export const IMMUTABLE_CLASS_FIELDS = ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"] as const;
export type ImmutableClassField = (typeof IMMUTABLE_CLASS_FIELDS)[number];

/** Apiserver field paths -> form field names (most specific first). */
export const STORAGE_CLASS_FIELD_MAP: Record<string, string> = {
  "metadata.name": "name",
  [`metadata.annotations.${DESCRIPTION_ANNOTATION}`]: "description",
  "metadata.annotations": "description",
  provisioner: "provisioner",
  parameters: "parameters",
  reclaimPolicy: "reclaimPolicy",
  volumeBindingMode: "volumeBindingMode",
  allowVolumeExpansion: "allowVolumeExpansion",
  mountOptions: "mountOptions",
};

// ---- form values (Record<string,string>, repeated fields joined by "\n") -> draft ----

/** Rows named `<prefix>.<id>.key` / `<prefix>.<id>.value`, in id order; fully blank rows are dropped. */
export function keyValueRows(values: Record<string, string>, prefix: string): { key: string; value: string }[] {
  const ids = new Set<number>();
  const re = new RegExp(`^${prefix.replace(".", "\\.")}\\.(\\d+)\\.(key|value)$`);
  for (const k of Object.keys(values)) {
    const m = re.exec(k);
    if (m) ids.add(Number(m[1]));
  }
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => ({ key: values[`${prefix}.${id}.key`] ?? "", value: values[`${prefix}.${id}.value`] ?? "" }))
    .filter((r) => r.key.trim() !== "" || r.value.trim() !== "");
}

/** One entry per non-blank line (textareas and repeated checkboxes). */
export function lines(s: string | undefined): string[] {
  return (s ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export const isChecked = (v: string | undefined) => v === "true" || v === "on";

export function storageClassDraft(values: Record<string, string>) {
  return {
    name: values.name ?? "",
    provisioner: values.provisioner ?? "",
    parameters: keyValueRows(values, "parameters"),
    reclaimPolicy: values.reclaimPolicy ?? "Delete",
    volumeBindingMode: values.volumeBindingMode ?? "WaitForFirstConsumer",
    allowVolumeExpansion: isChecked(values.allowVolumeExpansion),
    mountOptions: lines(values.mountOptions),
    description: values.description ?? "",
    isDefault: isChecked(values.isDefault),
  };
}
export type StorageClassDraft = ReturnType<typeof storageClassDraft>;

// ---- schema ----

/** Mount options are passed to mount(8) one by one: no blanks, no commas inside one option. */
export const mountOptionsSchema = z.array(z.string()).superRefine((opts, ctx) => {
  opts.forEach((o, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:=/@+-]*$/.test(o) || o.length > 256) {
      ctx.addIssue({ code: "custom", message: `Line ${i + 1} ("${o.slice(0, 40)}"): one option per line, like "nfsvers=4.1" or "ro"; no spaces or commas.` });
    }
  });
  const seen = new Set<string>();
  for (const o of opts) {
    if (seen.has(o)) ctx.addIssue({ code: "custom", message: `"${o}" is listed twice.` });
    seen.add(o);
  }
});

const parameterKey = z
  .string()
  .trim()
  .min(1, "Enter a key or remove the row.")
  .max(316, "The key is too long.")
  .refine((k) => qualifiedKey.safeParse(k).success, "Keys use letters, digits, '-', '_' and '.', optionally after a 'domain/' prefix.");

function uniqueKeys(rows: { key: string }[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const k = r.key.trim();
    if (k && seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `This ${what} is already set above.` });
    seen.add(k);
  });
}

/** Driver parameters as key/value rows; shared by storage, snapshot and attribute classes. */
export const parametersSchema = z
  .array(z.object({ key: parameterKey, value: z.string() }))
  .max(512, "At most 512 parameters.")
  .superRefine((rows, ctx) => uniqueKeys(rows, ctx, "key"));

export const storageClassSchema = z.object({
  name: dnsSubdomain,
  provisioner: z
    .string()
    .trim()
    .min(1, "Choose a provisioner or type its name.")
    .refine((p) => qualifiedKey.safeParse(p).success, "A provisioner name looks like 'kubernetes.io/host-path' or 'ebs.csi.aws.com'."),
  parameters: parametersSchema,
  reclaimPolicy: z.enum(RECLAIM_POLICIES, { error: "Choose Delete or Retain." }),
  volumeBindingMode: z.enum(VOLUME_BINDING_MODES, { error: "Choose when volumes are created." }),
  allowVolumeExpansion: z.boolean(),
  mountOptions: mountOptionsSchema,
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  isDefault: z.boolean(),
});
export type StorageClassInput = z.infer<typeof storageClassSchema>;

// ---- object <-> form ----

/** The StorageClass fields the portal reads and writes (a subset of storage.k8s.io/v1). */
export interface StorageClassObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
  allowedTopologies?: unknown[];
}

export type BuildMode = "create" | "update" | "replace";

/**
 * The object to send. `create`: just the form. `update`: the current object with the form
 * applied and the resourceVersion the person started from (a stale edit then fails with 409).
 * `replace`: a fresh object keeping the old labels, other annotations and topologies.
 */
export function buildStorageClass(
  input: StorageClassInput | StorageClassDraft,
  opts: { mode?: BuildMode; base?: StorageClassObject; resourceVersion?: string } = {},
): StorageClassObject {
  const mode = opts.mode ?? "create";
  const base = mode === "create" ? undefined : opts.base;
  const annotations: Record<string, string> = { ...(base?.metadata.annotations ?? {}) };
  delete annotations[BETA_DEFAULT_CLASS_ANNOTATION];
  delete annotations[DEFAULT_CLASS_ANNOTATION];
  if (input.isDefault) annotations[DEFAULT_CLASS_ANNOTATION] = "true";
  const description = input.description.trim();
  if (description) annotations[DESCRIPTION_ANNOTATION] = description;
  else delete annotations[DESCRIPTION_ANNOTATION];

  const metadata: StorageClassObject["metadata"] = { name: input.name.trim() };
  if (base?.metadata.labels && Object.keys(base.metadata.labels).length) metadata.labels = { ...base.metadata.labels };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  if (mode === "update" && base) {
    if (base.metadata.uid) metadata.uid = base.metadata.uid;
    metadata.resourceVersion = opts.resourceVersion ?? base.metadata.resourceVersion;
  }
  const parameters = Object.fromEntries(input.parameters.map((p) => [p.key.trim(), p.value]));
  const out: StorageClassObject = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata,
    provisioner: input.provisioner.trim(),
    ...(Object.keys(parameters).length ? { parameters } : {}),
    reclaimPolicy: input.reclaimPolicy,
    volumeBindingMode: input.volumeBindingMode,
    allowVolumeExpansion: input.allowVolumeExpansion,
    ...(input.mountOptions.length ? { mountOptions: [...input.mountOptions] } : {}),
    ...(base?.allowedTopologies?.length ? { allowedTopologies: base.allowedTopologies } : {}),
  };
  return out;
}

export function isDefaultClass(sc: Pick<StorageClassObject, "metadata">): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === "true" || a[BETA_DEFAULT_CLASS_ANNOTATION] === "true";
}

/** Form values for an existing class (edit form), the inverse of storageClassDraft. */
export function storageClassValues(sc: StorageClassObject): Record<string, string> {
  const v: Record<string, string> = {
    name: sc.metadata.name,
    provisioner: sc.provisioner,
    reclaimPolicy: sc.reclaimPolicy ?? "Delete",
    volumeBindingMode: sc.volumeBindingMode ?? "Immediate",
    mountOptions: (sc.mountOptions ?? []).join("\n"),
    description: sc.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? "",
  };
  if (sc.allowVolumeExpansion) v.allowVolumeExpansion = "true";
  if (isDefaultClass(sc)) v.isDefault = "true";
  Object.entries(sc.parameters ?? {}).forEach(([k, val], i) => {
    v[`parameters.${i}.key`] = k;
    v[`parameters.${i}.value`] = val;
  });
  return v;
}

/** Which immutable fields differ between the form and the class as it is now. */
export function changedImmutableFields(input: StorageClassDraft | StorageClassInput, current: StorageClassObject): ImmutableClassField[] {
  const out: ImmutableClassField[] = [];
  if (input.provisioner.trim() !== current.provisioner) out.push("provisioner");
  const a = Object.fromEntries(input.parameters.map((p) => [p.key.trim(), p.value]));
  const b = current.parameters ?? {};
  const same = Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
  if (!same) out.push("parameters");
  if (input.reclaimPolicy !== (current.reclaimPolicy ?? "Delete")) out.push("reclaimPolicy");
  if (input.volumeBindingMode !== (current.volumeBindingMode ?? "Immediate")) out.push("volumeBindingMode");
  return out;
}

/** What each reclaim policy does to the data, in the words the forms and confirmations use. */
export const RECLAIM_POLICY_HELP: Record<string, string> = {
  Delete: "When the claim is deleted, the volume and the data on it are deleted too.",
  Retain: "When the claim is deleted, the volume stays (Released) with its data until an admin cleans it up.",
};

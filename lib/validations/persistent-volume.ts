import { z } from "zod";
import { ACCESS_MODES, RECLAIM_POLICIES, VOLUME_MODES, dnsLabel, dnsSubdomain, qualifiedKey, storageSize } from "./common";
import { isChecked, keyValueRows, lines, mountOptionsSchema } from "./storage-class";
import type { MatchableVolume } from "@/lib/storage/pv-matching";

/**
 * The static PersistentVolume form: parse, schema (client + server), and the one builder used
 * by the YAML preview, the match preview and the action.
 */

export const SOURCE_TYPES = ["hostPath", "local", "nfs", "csi"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const HOST_PATH_TYPES = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"] as const;
export const HOSTNAME_LABEL = "kubernetes.io/hostname";
export const HOST_PATH_RESERVE_MESSAGE =
  "Reserve this host path for one claim (namespace and name), or tick \"this path is meant to be shared\": otherwise any developer could claim it and read what is there.";

/** Apiserver field paths -> form field names; specific paths before their parents. */
export const PERSISTENT_VOLUME_FIELD_MAP: Record<string, string> = {
  "metadata.name": "name",
  "metadata.labels": "labels",
  "spec.capacity": "capacity",
  "spec.accessModes": "accessModes",
  "spec.volumeMode": "volumeMode",
  "spec.persistentVolumeReclaimPolicy": "reclaimPolicy",
  "spec.storageClassName": "storageClassName",
  "spec.hostPath.type": "hostPath.type",
  "spec.hostPath": "hostPath.path",
  "spec.local": "local.path",
  "spec.nodeAffinity": "local.node",
  "spec.nfs.server": "nfs.server",
  "spec.nfs": "nfs.path",
  "spec.csi.driver": "csi.driver",
  "spec.csi.volumeHandle": "csi.volumeHandle",
  "spec.csi": "csi.fsType",
  "spec.mountOptions": "mountOptions",
  "spec.claimRef.namespace": "claimRef.namespace",
  "spec.claimRef": "claimRef.name",
};

export function persistentVolumeDraft(values: Record<string, string>) {
  return {
    name: values.name ?? "",
    capacity: values.capacity ?? "",
    accessModes: lines(values.accessModes),
    volumeMode: values.volumeMode ?? "Filesystem",
    reclaimPolicy: values.reclaimPolicy ?? "Retain",
    storageClassName: values.storageClassName ?? "",
    sourceType: values.sourceType ?? "hostPath",
    hostPath: { path: values["hostPath.path"] ?? "", type: values["hostPath.type"] ?? "", shared: isChecked(values["hostPath.shared"]) },
    local: { path: values["local.path"] ?? "", node: values["local.node"] ?? "" },
    nfs: { server: values["nfs.server"] ?? "", path: values["nfs.path"] ?? "", readOnly: isChecked(values["nfs.readOnly"]) },
    csi: { driver: values["csi.driver"] ?? "", volumeHandle: values["csi.volumeHandle"] ?? "", fsType: values["csi.fsType"] ?? "" },
    mountOptions: lines(values.mountOptions),
    labels: keyValueRows(values, "labels"),
    claimRef: { namespace: values["claimRef.namespace"] ?? "", name: values["claimRef.name"] ?? "" },
  };
}
export type PersistentVolumeDraft = ReturnType<typeof persistentVolumeDraft>;

const absolutePath = (what: string) =>
  z
    .string()
    .trim()
    .refine((p) => p.startsWith("/"), `Enter the ${what} as an absolute path, like /mnt/data.`)
    .refine((p) => !p.split("/").includes(".."), "The path may not contain '..'.");

const labelValue = z
  .string()
  .trim()
  .max(63, "Label values have at most 63 characters.")
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, "Label values use letters, digits, '-', '_' and '.', starting and ending with a letter or digit.");

export const persistentVolumeSchema = z
  .object({
    name: dnsSubdomain,
    capacity: storageSize,
    accessModes: z.array(z.enum(ACCESS_MODES)).min(1, "Choose at least one access mode."),
    volumeMode: z.enum(VOLUME_MODES, { error: "Choose Filesystem or Block." }),
    reclaimPolicy: z.enum(RECLAIM_POLICIES, { error: "Choose Retain or Delete." }),
    storageClassName: z.union([z.literal(""), dnsSubdomain]),
    sourceType: z.enum(SOURCE_TYPES, { error: "Choose where the data lives." }),
    hostPath: z.object({ path: z.string().trim(), type: z.enum(HOST_PATH_TYPES, { error: "Choose a hostPath type." }), shared: z.boolean() }),
    local: z.object({ path: z.string().trim(), node: z.string().trim() }),
    nfs: z.object({ server: z.string().trim(), path: z.string().trim(), readOnly: z.boolean() }),
    csi: z.object({ driver: z.string().trim(), volumeHandle: z.string().trim(), fsType: z.string().trim() }),
    mountOptions: mountOptionsSchema,
    labels: z.array(z.object({ key: z.string().trim().min(1, "Enter a key or remove the row.").pipe(qualifiedKey), value: labelValue })),
    claimRef: z.object({ namespace: z.string().trim(), name: z.string().trim() }),
  })
  .superRefine((v, ctx) => {
    const check = (schema: z.ZodType, value: unknown, path: (string | number)[]) => {
      const r = schema.safeParse(value);
      if (!r.success) ctx.addIssue({ code: "custom", path, message: r.error.issues[0]?.message ?? "Invalid value." });
    };
    if (v.sourceType === "hostPath") {
      check(absolutePath("host path"), v.hostPath.path, ["hostPath", "path"]);
      // Whoever claims a host path reads what is in that directory: reserve it for one claim
      // unless the admin says the directory is meant to be shared.
      if (!v.hostPath.shared && !(v.claimRef.namespace && v.claimRef.name)) {
        ctx.addIssue({ code: "custom", path: ["claimRef", "name"], message: HOST_PATH_RESERVE_MESSAGE });
      }
    }
    if (v.sourceType === "local") {
      check(absolutePath("local path"), v.local.path, ["local", "path"]);
      if (!v.local.node) ctx.addIssue({ code: "custom", path: ["local", "node"], message: "Choose the node that has this disk." });
    }
    if (v.sourceType === "nfs") {
      if (!/^[A-Za-z0-9]([-A-Za-z0-9.:[\]]*[A-Za-z0-9\]])?$/.test(v.nfs.server)) {
        ctx.addIssue({ code: "custom", path: ["nfs", "server"], message: "Enter the NFS server's host name or IP address." });
      }
      check(absolutePath("exported path"), v.nfs.path, ["nfs", "path"]);
    }
    if (v.sourceType === "csi") {
      check(qualifiedKey, v.csi.driver, ["csi", "driver"]);
      if (!v.csi.volumeHandle) ctx.addIssue({ code: "custom", path: ["csi", "volumeHandle"], message: "Enter the driver's id for the existing volume." });
    }
    if (v.mountOptions.length && (v.sourceType === "hostPath" || v.sourceType === "local")) {
      ctx.addIssue({ code: "custom", path: ["mountOptions"], message: "hostPath and local volumes do not support mount options: the kubelet would refuse to mount the volume." });
    }
    const seen = new Set<string>();
    v.labels.forEach((l, i) => {
      if (seen.has(l.key)) ctx.addIssue({ code: "custom", path: ["labels", i, "key"], message: "This label is already set above." });
      seen.add(l.key);
    });
    const { namespace, name } = v.claimRef;
    if (namespace || name) {
      if (!namespace) ctx.addIssue({ code: "custom", path: ["claimRef", "namespace"], message: "Enter the claim's namespace too." });
      else check(dnsLabel, namespace, ["claimRef", "namespace"]);
      if (!name) ctx.addIssue({ code: "custom", path: ["claimRef", "name"], message: "Enter the claim's name too." });
      else check(dnsSubdomain, name, ["claimRef", "name"]);
    }
  });
export type PersistentVolumeInput = z.infer<typeof persistentVolumeSchema>;

/** The PersistentVolume fields the portal writes (core/v1 subset). */
export interface PersistentVolumeObject {
  apiVersion: "v1";
  kind: "PersistentVolume";
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    capacity: { storage: string };
    accessModes: string[];
    volumeMode: string;
    persistentVolumeReclaimPolicy: string;
    storageClassName?: string;
    mountOptions?: string[];
    hostPath?: { path: string; type?: string };
    local?: { path: string };
    nfs?: { server: string; path: string; readOnly?: boolean };
    csi?: { driver: string; volumeHandle: string; fsType?: string };
    nodeAffinity?: { required: { nodeSelectorTerms: { matchExpressions: { key: string; operator: string; values: string[] }[] }[] } };
    claimRef?: { apiVersion: "v1"; kind: "PersistentVolumeClaim"; namespace: string; name: string };
  };
}

export function buildPersistentVolume(input: PersistentVolumeInput | PersistentVolumeDraft): PersistentVolumeObject {
  const labels = Object.fromEntries(input.labels.map((l) => [l.key.trim(), l.value.trim()]));
  const spec: PersistentVolumeObject["spec"] = {
    capacity: { storage: input.capacity.trim() },
    accessModes: [...input.accessModes],
    volumeMode: input.volumeMode,
    persistentVolumeReclaimPolicy: input.reclaimPolicy,
  };
  // An empty class is meaningful for PVs (only class-less claims bind), so it is sent as "".
  spec.storageClassName = input.storageClassName.trim();
  if (input.mountOptions.length) spec.mountOptions = [...input.mountOptions];
  switch (input.sourceType) {
    case "hostPath":
      spec.hostPath = { path: input.hostPath.path.trim(), ...(input.hostPath.type ? { type: input.hostPath.type } : {}) };
      break;
    case "local":
      spec.local = { path: input.local.path.trim() };
      spec.nodeAffinity = {
        required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: "In", values: [input.local.node.trim()] }] }] },
      };
      break;
    case "nfs":
      spec.nfs = { server: input.nfs.server.trim(), path: input.nfs.path.trim(), ...(input.nfs.readOnly ? { readOnly: true } : {}) };
      break;
    case "csi":
      spec.csi = { driver: input.csi.driver.trim(), volumeHandle: input.csi.volumeHandle.trim(), ...(input.csi.fsType ? { fsType: input.csi.fsType.trim() } : {}) };
      break;
  }
  const ns = input.claimRef.namespace.trim();
  const claimName = input.claimRef.name.trim();
  if (ns && claimName) spec.claimRef = { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: ns, name: claimName };
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: input.name.trim(), ...(Object.keys(labels).length ? { labels } : {}) },
    spec,
  };
}

/** The new volume as the binder will see it, for the match preview. */
export function matchableDraft(pv: PersistentVolumeObject): MatchableVolume {
  const ref = pv.spec.claimRef;
  return {
    name: pv.metadata.name || "(new volume)",
    phase: "Available",
    capacity: pv.spec.capacity.storage,
    accessModes: pv.spec.accessModes,
    volumeMode: pv.spec.volumeMode,
    storageClass: pv.spec.storageClassName ?? "",
    labels: pv.metadata.labels ?? {},
    claim: ref ? { namespace: ref.namespace, name: ref.name } : undefined,
  };
}

/** Removing a finalizer from a volume stuck deleting: the admin types the volume's name. */
export const removeFinalizerSchema = z
  .object({
    name: dnsSubdomain,
    uid: z.string().trim().min(1),
    resourceVersion: z.string().trim().min(1),
    finalizer: qualifiedKey,
    confirm: z.string().trim(),
  })
  .refine((v) => v.confirm === v.name, { path: ["confirm"], message: "Type the volume's name exactly to confirm." });

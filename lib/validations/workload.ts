import { z } from "zod";
import { ACCESS_MODES, dnsLabel, storageSize } from "./common";
import { claimManifest } from "./claim";

// The workload request form: a template, where the volume comes from, and the mount.

export const RETENTION_RULES = ["Retain", "Delete"] as const;

export const WORKLOAD_TEMPLATES = ["mysql", "generic", "statefulset"] as const;
export type WorkloadTemplate = (typeof WORKLOAD_TEMPLATES)[number];

export const TEMPLATE_DEFAULTS: Record<
  WorkloadTemplate,
  { image: string; mountPath: string; command: string }
> = {
  mysql: { image: "mysql:8", mountPath: "/var/lib/mysql", command: "" },
  generic: { image: "busybox:1.36", mountPath: "/data", command: "sleep infinity" },
  statefulset: { image: "nginx:1.27", mountPath: "/usr/share/nginx/html", command: "" },
};

const absolutePath = z
  .string()
  .trim()
  .regex(/^\/[^:]*$/, "Use an absolute path such as /data (no ':').");

export const workloadRequestSchema = z
  .object({
    template: z.enum(WORKLOAD_TEMPLATES, { message: "Choose a template." }),
    namespace: dnsLabel,
    name: dnsLabel.refine(
      (s) => s.length <= 52,
      "Use at most 52 characters (pod names add a suffix).",
    ),
    image: z
      .string()
      .trim()
      .min(1, "Enter an image, for example mysql:8.")
      .regex(/^[^\s]+$/, "An image name has no spaces."),
    command: z.string().trim().max(500, "Keep the command under 500 characters.").optional(),
    mountPath: absolutePath,
    rootPassword: z.string().optional(),
    // The StatefulSet template has no claim mode: the form holds "" for it.
    claimMode: z.preprocess((x) => (x === "" ? undefined : x), z.enum(["existing", "new"]).optional()),
    claimName: z.string().trim().optional(),
    size: z.string().trim().optional(),
    storageClass: z.string().trim().optional(),
    accessMode: z.enum(ACCESS_MODES).optional(),
    // StatefulSet claim retention (persistentVolumeClaimRetentionPolicy); Kubernetes' default is Retain.
    whenDeleted: z.enum(RETENTION_RULES, { message: "Choose Retain or Delete." }).optional(),
    whenScaled: z.enum(RETENTION_RULES, { message: "Choose Retain or Delete." }).optional(),
    replicas: z.coerce
      .number()
      .int("Use a whole number.")
      .min(1, "At least 1.")
      .max(5, "At most 5 here.")
      .optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (v.template === "mysql" && (v.rootPassword ?? "").length < 8)
      issue("rootPassword", "Use at least 8 characters; it is stored in a Secret.");
    const needsNewClaim = v.template === "statefulset" || v.claimMode === "new";
    if (v.template !== "statefulset" && !v.claimMode)
      issue("claimMode", "Choose an existing claim or a new one.");
    if (v.template !== "statefulset" || v.claimName) {
      const n = dnsLabel.safeParse(v.claimName ?? "");
      if (!n.success)
        issue(
          "claimName",
          v.claimMode === "existing"
            ? "Choose a claim."
            : (n.error.issues[0]?.message ?? "Enter a claim name."),
        );
    }
    if (needsNewClaim) {
      const s = storageSize.safeParse(v.size ?? "");
      if (!s.success) issue("size", s.error.issues[0]?.message ?? "Enter a size.");
      if (!v.storageClass) issue("storageClass", "Choose a storage class.");
    }
  });

export type WorkloadRequest = z.infer<typeof workloadRequestSchema>;

const managed = (name: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/managed-by": "bindery",
});

export function secretName(w: Pick<WorkloadRequest, "name">): string {
  return `${w.name}-root`;
}

function commandOf(command: string | undefined): { command?: string[] } {
  return command ? { command: ["sh", "-c", command] } : {};
}

/**
 * Every object the request creates, in creation order: the claim (when new), the Secret
 * (MySQL) and the workload. Also what the YAML preview shows, so nothing differs.
 */
export function workloadManifests(
  w: WorkloadRequest,
): { kind: string; name: string; body: Record<string, unknown> }[] {
  const out: { kind: string; name: string; body: Record<string, unknown> }[] = [];
  const labels = managed(w.name);
  const claimName = w.claimName ?? "data";
  if (w.template !== "statefulset" && w.claimMode === "new") {
    const pvc = claimManifest({
      namespace: w.namespace,
      name: claimName,
      size: w.size ?? "",
      accessMode: w.accessMode ?? "ReadWriteOnce",
      volumeMode: "Filesystem",
      storageClass: w.storageClass,
    });
    out.push({ kind: "PersistentVolumeClaim", name: claimName, body: pvc });
  }
  if (w.template === "mysql") {
    out.push({
      kind: "Secret",
      name: secretName(w),
      body: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: secretName(w), namespace: w.namespace, labels },
        type: "Opaque",
        stringData: { password: w.rootPassword ?? "" },
      },
    });
    out.push({
      kind: "Deployment",
      name: w.name,
      body: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: w.name, namespace: w.namespace, labels },
        spec: {
          selector: { matchLabels: { "app.kubernetes.io/name": w.name } },
          // One writer per data directory: never run old and new pod side by side.
          strategy: { type: "Recreate" },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "mysql",
                  image: w.image,
                  env: [
                    {
                      name: "MYSQL_ROOT_PASSWORD",
                      valueFrom: { secretKeyRef: { name: secretName(w), key: "password" } },
                    },
                  ],
                  ports: [{ containerPort: 3306, name: "mysql" }],
                  volumeMounts: [{ name: "mysql-persistent-storage", mountPath: w.mountPath }],
                },
              ],
              volumes: [{ name: "mysql-persistent-storage", persistentVolumeClaim: { claimName } }],
            },
          },
        },
      },
    });
  } else if (w.template === "generic") {
    out.push({
      kind: "Deployment",
      name: w.name,
      body: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: w.name, namespace: w.namespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { "app.kubernetes.io/name": w.name } },
          strategy: { type: "Recreate" },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "main",
                  image: w.image,
                  ...commandOf(w.command),
                  volumeMounts: [{ name: "data", mountPath: w.mountPath }],
                },
              ],
              volumes: [{ name: "data", persistentVolumeClaim: { claimName } }],
            },
          },
        },
      },
    });
  } else {
    out.push({
      kind: "StatefulSet",
      name: w.name,
      body: {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: w.name, namespace: w.namespace, labels },
        spec: {
          serviceName: w.name,
          replicas: w.replicas ?? 1,
          persistentVolumeClaimRetentionPolicy: {
            whenDeleted: w.whenDeleted ?? "Retain",
            whenScaled: w.whenScaled ?? "Retain",
          },
          selector: { matchLabels: { "app.kubernetes.io/name": w.name } },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "main",
                  image: w.image,
                  ...commandOf(w.command),
                  volumeMounts: [{ name: claimName, mountPath: w.mountPath }],
                },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: claimName, labels: managed(w.name) },
              spec: {
                accessModes: [w.accessMode ?? "ReadWriteOnce"],
                storageClassName: w.storageClass,
                resources: { requests: { storage: w.size } },
              },
            },
          ],
        },
      },
    });
  }
  return out;
}

/** Claim names a StatefulSet's template gives its pods: <template>-<set>-<ordinal>. */
export function statefulSetClaimNames(template: string, set: string, replicas: number): string[] {
  return Array.from({ length: Math.max(0, replicas) }, (_, i) => `${template}-${set}-${i}`);
}

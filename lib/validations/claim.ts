import { z } from "zod";
import { ACCESS_MODES, VOLUME_MODES, dnsLabel, dnsSubdomain, storageSize } from "./common";
import { formatBytes, parseQuantity } from "@/lib/quantity";

// The volume request form, shared by the client form (instant feedback) and the server action.

export const claimRequestSchema = z
  .object({
    namespace: dnsLabel,
    name: dnsSubdomain,
    size: storageSize,
    accessMode: z.enum(ACCESS_MODES, { message: "Choose an access mode." }),
    volumeMode: z.enum(VOLUME_MODES, { message: "Choose a volume mode." }),
    source: z.enum(["class", "volume"], { message: "Choose how to get the volume." }),
    storageClass: z.string().trim().optional(),
    volumeName: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.source === "class" && !v.storageClass)
      ctx.addIssue({ code: "custom", path: ["storageClass"], message: "Choose a storage class." });
    if (v.source === "volume" && !v.volumeName)
      ctx.addIssue({
        code: "custom",
        path: ["volumeName"],
        message: "Choose an available volume.",
      });
  });

export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const expandSchema = z.object({
  namespace: dnsLabel,
  name: dnsSubdomain,
  size: storageSize,
});

/** What the namespace still allows, from ResourceQuota status and LimitRange (bytes/counts). */
export interface StorageBudget {
  namespace: string;
  storage: { hard: number; used: number } | undefined;
  claims: { hard: number; used: number } | undefined;
  perClass: Record<
    string,
    { storage?: { hard: number; used: number }; claims?: { hard: number; used: number } }
  >;
  limits: { min: number | undefined; max: number | undefined };
}

/** Why a size cannot be requested in this namespace/class, before anything is sent. */
export function budgetProblem(
  budget: StorageBudget | undefined,
  size: string,
  storageClass: string | undefined,
): string | undefined {
  const bytes = parseQuantity(size);
  if (!budget || bytes === undefined) return undefined;
  const { min, max } = budget.limits;
  if (min !== undefined && bytes < min)
    return `The smallest claim allowed in ${budget.namespace} is ${formatBytes(min)} (LimitRange).`;
  if (max !== undefined && bytes > max)
    return `The largest claim allowed in ${budget.namespace} is ${formatBytes(max)} (LimitRange).`;
  const left = (q: { hard: number; used: number } | undefined) =>
    q ? Math.max(0, q.hard - q.used) : undefined;
  const total = left(budget.storage);
  if (total !== undefined && bytes > total)
    return `Only ${formatBytes(total)} of the ${formatBytes(budget.storage?.hard)} storage quota of ${budget.namespace} is left.`;
  const claimsLeft = left(budget.claims);
  if (claimsLeft === 0)
    return `${budget.namespace} already has its maximum of ${budget.claims?.hard} claims (quota).`;
  const cls = storageClass ? budget.perClass[storageClass] : undefined;
  const classLeft = left(cls?.storage);
  if (classLeft !== undefined && bytes > classLeft)
    return `Only ${formatBytes(classLeft)} of class "${storageClass}" is left in ${budget.namespace} (quota).`;
  if (left(cls?.claims) === 0)
    return `${budget.namespace} already has its maximum of ${cls?.claims?.hard} claims of class "${storageClass}" (quota).`;
  return undefined;
}

export interface ClaimManifestInput {
  namespace: string;
  name: string;
  size: string;
  accessMode: string;
  volumeMode: string;
  storageClass?: string | undefined;
  volumeName?: string | undefined;
  labels?: Record<string, string>;
}

/** The PersistentVolumeClaim exactly as it will be sent (also shown as the YAML preview). */
export function claimManifest(v: ClaimManifestInput) {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: v.name,
      namespace: v.namespace,
      labels: { "app.kubernetes.io/managed-by": "bindery", ...v.labels },
    },
    spec: {
      accessModes: [v.accessMode],
      volumeMode: v.volumeMode,
      resources: { requests: { storage: v.size } },
      // A chosen volume fixes the class too: the binder compares them.
      storageClassName: v.storageClass ?? "",
      ...(v.volumeName ? { volumeName: v.volumeName } : {}),
    },
  };
}

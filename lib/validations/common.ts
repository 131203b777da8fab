import { z } from "zod";
import { QUANTITY_PATTERN, parseQuantity } from "@/lib/quantity";

/** DNS-1123 subdomain, the rule for most object names (StorageClass, PV, PVC). */
export const dnsSubdomain = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(253, "Use at most 253 characters.")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, "Use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.");

/** DNS-1123 label, the rule for namespaces, container and volume names. */
export const dnsLabel = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(63, "Use at most 63 characters.")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Use lowercase letters, digits and '-', starting and ending with a letter or digit.");

/** A storage size such as 10Gi; must be positive. */
export const storageSize = z
  .string()
  .trim()
  .min(1, "Enter a size, for example 10Gi.")
  .refine((s) => QUANTITY_PATTERN.test(s), "Use a number with a unit, for example 500Mi, 10Gi or 1Ti.")
  .refine((s) => (parseQuantity(s) ?? 0) > 0, "The size must be larger than zero.");

export const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"] as const;
export const VOLUME_MODES = ["Filesystem", "Block"] as const;
export const RECLAIM_POLICIES = ["Retain", "Delete"] as const;

/** Qualified key (labels, parameters): optional DNS prefix, then a name of up to 63 chars. */
export const qualifiedKey = z
  .string()
  .trim()
  .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "Use letters, digits, '-', '_' and '.', optionally after a 'domain/' prefix.");

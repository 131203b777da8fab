import "server-only";
import { listStorageClasses } from "./storage-classes";
import { usageForClaims } from "./usage";
import { claimKey, type ClaimUsage } from "@/lib/usage/types";

/**
 * What a list page shows about usage for its rows: each row's figure or honest reason (one
 * shared snapshot plus pod-cache index lookups; no request per claim) and which classes allow
 * expansion (for "grow it").
 */
export interface RowsUsage {
  usage: Map<string, ClaimUsage>;
  expandable: Set<string>;
}

export async function usageForRows(rows: readonly { namespace: string; name: string }[]): Promise<RowsUsage> {
  const [usage, classes] = await Promise.all([usageForClaims(rows.map((r) => ({ namespace: r.namespace, name: r.name }))), listStorageClasses()]);
  return { usage, expandable: new Set(classes.filter((c) => c.allowVolumeExpansion).map((c) => c.name)) };
}

export { claimKey };

import type { Finding } from "./types";

/** Only what the review table shows goes to the browser (no uids, versions or byte counts). */
export type TableRow = Pick<Finding, "id" | "kind" | "namespace" | "name" | "reason" | "detail" | "since" | "sinceSource" | "capacity" | "storageClass" | "volumeName" | "reclaimPolicy"> & {
  keptBecause?: string;
};

export function toTableRow(f: Finding & { keptBecause?: string }): TableRow {
  const { id, kind, namespace, name, reason, detail, since, sinceSource, capacity, storageClass, volumeName, reclaimPolicy, keptBecause } = f;
  return { id, kind, namespace, name, reason, detail, since, sinceSource, capacity, storageClass, volumeName, reclaimPolicy, keptBecause };
}

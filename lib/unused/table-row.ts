import { humanBytes } from "@/lib/usage/format";
import type { Finding } from "./types";

/** Only what the review table shows goes to the browser (no uids, versions or byte counts). */
export type TableRow = Pick<Finding, "id" | "kind" | "namespace" | "name" | "reason" | "detail" | "since" | "sinceSource" | "capacity" | "storageClass" | "volumeName" | "reclaimPolicy"> & {
  keptBecause?: string;
  /** Usage advice: never selectable for cleanup; what could be given back. */
  reclaimable?: string;
};

export function toTableRow(f: Finding & { keptBecause?: string }): TableRow {
  const { id, kind, namespace, name, reason, detail, since, sinceSource, capacity, storageClass, volumeName, reclaimPolicy, keptBecause } = f;
  const row: TableRow = { id, kind, namespace, name, reason, detail, since, sinceSource, capacity, storageClass, volumeName, reclaimPolicy, keptBecause };
  if (f.advice) row.reclaimable = humanBytes(f.bytes);
  return row;
}

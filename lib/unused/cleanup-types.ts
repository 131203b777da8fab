import type { ObjectKind, Reason } from "./types";

/** What the preview shows for one selected object (plain data, sent to the browser). */
export interface PreviewItem {
  id: string;
  kind: ObjectKind;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  reason: Reason;
  detail: string;
  capacity: string;
  storageClass: string;
  /** The PV whose data is at stake, as seen at preview time. */
  volume: { name: string; resourceVersion: string; reclaimPolicy: string; source: string } | undefined;
  /** destroyed: reclaim Delete; kept: Retain; none: no volume was ever provisioned. */
  fate: "destroyed" | "kept" | "none";
  fateText: string;
  dryRun: { ok: true } | { ok: false; message: string };
}

export type Outcome = "deleted" | "failed" | "skipped";

export interface CleanupItemResult {
  id: string;
  kind: ObjectKind;
  namespace: string;
  name: string;
  outcome: Outcome;
  message: string;
  /** The volume's reclaim policy was switched to Retain before deleting. */
  retained: boolean;
  /** A BinderyCleanup Event was recorded in the cluster. */
  eventRecorded: boolean;
}

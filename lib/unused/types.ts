/**
 * Plain shapes for the unused-volume review. No runtime imports: the classifier, the page,
 * the export and client components all share these.
 */

/** Object metadata as the apiserver sends it (JSON, so times are RFC 3339 strings). */
export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid?: string; controller?: boolean }[];
}

export interface PVLike {
  metadata: Meta;
  spec?: {
    capacity?: { storage?: string };
    storageClassName?: string;
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string; uid?: string };
  };
  status?: { phase?: string; reason?: string; message?: string; lastPhaseTransitionTime?: string };
}

export interface ClaimConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface PVCLike {
  metadata: Meta;
  spec?: {
    storageClassName?: string | null;
    volumeName?: string;
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: string; capacity?: { storage?: string }; conditions?: ClaimConditionLike[] };
}

export interface PodVolumeLike {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  ephemeral?: unknown;
}

export interface PodLike {
  metadata: Meta;
  spec?: { volumes?: PodVolumeLike[] };
  status?: { phase?: string };
}

export interface EventLike {
  metadata: Meta;
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

export interface StorageClassLike {
  metadata: Meta;
  provisioner?: string;
  volumeBindingMode?: string;
}

export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

interface PodTemplateLike {
  spec?: { volumes?: PodVolumeLike[] };
}

/** Any workload; `kind` is set by the reader (list items from the apiserver carry none). */
export interface WorkloadLike {
  kind: WorkloadKind;
  metadata: Meta;
  spec?: {
    replicas?: number;
    template?: PodTemplateLike;
    volumeClaimTemplates?: { metadata?: { name?: string } }[];
    jobTemplate?: { spec?: { template?: PodTemplateLike } };
  };
}

export const KEEP_LABEL = "bindery.io/keep";

export const REASONS = ["pv-available", "pv-released", "pv-failed", "claim-unmounted", "claim-pending", "claim-empty", "claim-oversized"] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_LABELS: Record<Reason, string> = {
  "pv-available": "Volume never claimed",
  "pv-released": "Volume released",
  "pv-failed": "Volume failed",
  "claim-unmounted": "Claim not mounted",
  "claim-pending": "Claim stuck pending",
  "claim-empty": "Mounted but empty",
  "claim-oversized": "Over-sized",
};

/** Findings from usage about claims in use: advice to shrink or drop, never offered for cleanup. */
export const ADVICE_REASONS: readonly Reason[] = ["claim-empty", "claim-oversized"];

/**
 * Where `since` (the start of the unused period) comes from, so the page can say how sure
 * it is: the cluster's own Unused condition beats what the portal observed.
 */
export type SinceSource =
  | "created" // never used since creation (Available PV, Pending claim)
  | "phase-transition" // PV status.lastPhaseTransitionTime
  | "cluster-condition" // claim condition Unused=True, lastTransitionTime
  | "portal-last-seen" // the portal last saw a pod mounting it then
  | "portal-start" // not seen mounted since the portal started (a lower bound)
  | "usage-window" // usage advice: the highest figure over the source's window (Prometheus)
  | "usage-now"; // usage advice: the current figure only (Summary API, no history)

export type ObjectKind = "PersistentVolume" | "PersistentVolumeClaim";

export interface Finding {
  /** "pv:<name>" or "pvc:<namespace>/<name>": stable row and selection id. */
  id: string;
  kind: ObjectKind;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  reason: Reason;
  /** One sentence on why, without relative times (the page renders ages from `since`). */
  detail: string;
  since: string | undefined;
  sinceSource: SinceSource;
  capacity: string;
  /** Capacity that deleting this frees (0 for claims that never got a volume). */
  bytes: number;
  storageClass: string;
  /** The PV whose data is at stake: the PV itself or the claim's bound volume. */
  volumeName: string | undefined;
  reclaimPolicy: string | undefined;
  /** For released/failed PVs: the claim it was bound to. */
  formerClaim: string | undefined;
  createdAt: string | undefined;
  /** Usage advice (empty / over-sized): the claim is in use; shown, totalled, exported, never cleaned up. */
  advice?: {
    /** Highest bytes used over the window, or the current value (`sinceSource` says which). */
    peakBytes: number;
    /** A size that would hold the peak twice over; 0 when the claim could go altogether. */
    suggestedBytes: number;
  };
}

export interface KeptFinding extends Finding {
  keptBecause: string;
}

export interface Classification {
  findings: Finding[];
  kept: KeptFinding[];
}

export function pvId(name: string): string {
  return `pv:${name}`;
}

export function claimId(namespace: string, name: string): string {
  return `pvc:${namespace}/${name}`;
}

export function kept(labels: Record<string, string> | undefined): boolean {
  return labels?.[KEEP_LABEL] === "true";
}

/** Files a claim's finding under kept (its or its volume's keep label) or findings. */
export function keepOrFind(f: Finding, c: PVCLike, pvs: ReadonlyMap<string, PVLike>, findings: Finding[], keptOut: KeptFinding[]): void {
  const pv = f.volumeName ? pvs.get(f.volumeName) : undefined;
  if (kept(c.metadata.labels)) keptOut.push({ ...f, keptBecause: `Claim is labelled ${KEEP_LABEL}=true` });
  // Deleting the claim would release (and maybe destroy) a volume someone asked to keep.
  else if (pv && kept(pv.metadata.labels)) keptOut.push({ ...f, keptBecause: `Its volume ${pv.metadata.name} is labelled ${KEEP_LABEL}=true` });
  else findings.push(f);
}


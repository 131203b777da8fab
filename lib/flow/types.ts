import type { MatchableClaim, MatchableVolume } from "@/lib/storage/pv-matching";

// Inputs are the plain rows the lib/k8s modules already produce (ClaimRow, PersistentVolumeRow,
// StorageClassRow, PodRow, EventRow satisfy these shapes), so the derivation stays pure and
// testable with hand-written fixtures or real objects alike.

export interface FlowClaim extends MatchableClaim {
  uid: string;
  phase: string;
  capacity: string | undefined;
  selectedNode: string | undefined;
  provisioner: string | undefined;
  /** Annotation pv.kubernetes.io/bind-completed: the binder finished both halves of the bind. */
  bindCompleted?: boolean;
  /** status.allocatedResourceStatuses["storage"], set while a resize is in progress. */
  resizeStatus?: string | undefined;
  conditions: {
    type: string;
    status: string;
    reason?: string | undefined;
    message?: string | undefined;
    lastTransitionTime?: string | undefined;
  }[];
  createdAt: string | undefined;
  deleting: boolean;
  /** metadata.deletionTimestamp, when deletion was asked for. */
  deletedAt?: string | undefined;
  finalizers?: string[];
}

export interface FlowVolume extends MatchableVolume {
  reclaimPolicy: string;
  source: { type: string; detail: string };
  lastPhaseTransitionTime: string | undefined;
  createdAt: string | undefined;
  nodeAffinity?: string | undefined;
  /** Annotation pv.kubernetes.io/provisioned-by: a provisioner made this volume. */
  provisionedBy?: string | undefined;
  deleting?: boolean;
  deletedAt?: string | undefined;
  finalizers?: string[];
  /** status.message, e.g. why reclaiming failed. */
  message?: string | undefined;
}

export interface FlowClass {
  name: string;
  provisioner: string;
  reclaimPolicy: string;
  volumeBindingMode: string;
  allowVolumeExpansion: boolean;
  isDefault: boolean;
}

export interface FlowPod {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  nodeName: string | undefined;
  claims: string[];
  owner: { kind: string; name: string } | undefined;
  conditions: {
    type: string;
    status: string;
    reason?: string | undefined;
    message?: string | undefined;
    lastTransitionTime?: string | undefined;
  }[];
  startedAt: string | undefined;
  /** Why the first container is not running yet (e.g. ContainerCreating, ImagePullBackOff). */
  waitingReason?: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
}

export interface FlowEvent {
  type: string;
  reason: string;
  message: string;
  involved: {
    kind: string;
    name: string;
    namespace?: string | undefined;
    uid?: string | undefined;
  };
  source: string;
  count: number;
  firstAt: string | undefined;
  lastAt: string | undefined;
}

/** A VolumeAttachment for the claim's PV, when the driver attaches volumes to nodes. */
export interface FlowAttachment {
  node: string;
  attached: boolean;
  error: string | undefined;
  createdAt: string | undefined;
}

export interface ClaimFlowInput {
  claim: FlowClaim;
  /** The PV bound to (or named by) the claim, if it exists. */
  pv: FlowVolume | undefined;
  /** The claim's class, if it exists; undefined for a missing or empty class. */
  storageClass: FlowClass | undefined;
  /** Every class, to find the default and to tell "missing" from "not set". */
  classes?: FlowClass[];
  /** All PVs the person may see, to explain why none matches. */
  volumes?: FlowVolume[];
  /** Whether the PV's CSI driver needs attaching (CSIDriver attachRequired); non-CSI sources never do here. */
  attachRequired?: boolean;
  attachment?: FlowAttachment | undefined;
  pods: FlowPod[];
  /** Events about the claim, its PV and the pods. */
  events: FlowEvent[];
  now: number;
}

export type StepStatus = "done" | "current" | "stalled" | "pending" | "skipped";

export type StepId =
  | "pv-available"
  | "claim-created"
  | "waiting-for-consumer"
  | "provisioning-requested"
  | "pv-created"
  | "bound"
  | "pod-scheduled"
  | "volume-attached"
  | "volume-mounted"
  | "container-running"
  | "resize-requested"
  | "resize-done"
  | "workload-created"
  | "pod-created"
  | "claims-bound"
  // Going away: scaling down, deleting a workload or a claim.
  | "scaled-down"
  | "deletion-requested"
  | "pods-stopped"
  | "volume-unmounted"
  | "volume-detached"
  | "claims-released"
  | "claim-removed"
  | "volume-reclaimed"

  // Snapshots and attribute-class changes (snapshot-steps.ts, modify-steps.ts)
  | "snapshot-requested" | "snapshot-content-created" | "snapshot-ready" | "modify-requested" | "modify-done";

/** Who acts in a step, for the diagram: the people, the control plane, the node, the backend. */
export type Actor = "developer" | "admin" | "control-plane" | "scheduler" | "node" | "storage";

export interface FlowStep {
  id: StepId;
  label: string;
  status: StepStatus;
  actor: Actor;
  /** When the step happened (ISO), when known. */
  at: string | undefined;
  /** Time from the previous step to this one; for the current step, how long it has been waiting. */
  durationMs: number | undefined;
  /** The time is inferred from a neighbouring fact rather than recorded for this step. */
  approximate?: boolean;
  /** What happened, or why it waits, in plain words. */
  reason: string | undefined;
  /** What to do about a stall. */
  hint?: string | undefined;
  /** Where the evidence came from (event reason, condition, field). */
  evidence?: string | undefined;
  /** Objects the reason names, with where to look at them (e.g. the pods holding a claim). */
  links?: StepLink[] | undefined;
}

export interface StepLink {
  label: string;
  href: string;
}

export type FlowKind = "dynamic" | "manual";

export interface ClaimFlow {
  kind: FlowKind;
  steps: FlowStep[];
  /** The step everything waits on, if any. */
  current: FlowStep | undefined;
  stalled: boolean;
  /** The pod whose progress the pod steps show. */
  pod: string | undefined;
}

import { claimHoldups, holdupStall, podLink, podsHolding, volumeHoldups } from "./finalizers";
import { ms, resolveSteps, type StepDef } from "./facts";
import type { ClaimPlan, Plan } from "./scale-preview";
import type { FlowAttachment, FlowClaim, FlowEvent, FlowPod, FlowStep, FlowVolume } from "./types";

// Things going away, step by step: a claim being deleted, and a workload being scaled down
// or deleted. Derived from what still exists (an object that is gone is a step done), so the
// page can follow a deletion to its end after the objects themselves have disappeared.

/** A pod still terminating after this long is stuck (its node is probably gone). */
const POD_STUCK_MS = 120_000;

export interface DeletionFlow {
  steps: FlowStep[];
  current: FlowStep | undefined;
  stalled: boolean;
}

function finish(defs: StepDef[], now: number): DeletionFlow {
  const steps = resolveSteps(defs, now);
  const current = steps.find((s) => s.status === "stalled") ?? steps.find((s) => s.status === "current");
  return { steps, current, stalled: steps.some((s) => s.status === "stalled") };
}

export interface ClaimDeletionInput {
  namespace: string;
  name: string;
  /** The claim as it is now; undefined once it is gone. */
  claim: FlowClaim | undefined;
  /** The volume it was bound to, as it is now; undefined once gone (or never made). */
  pv: (FlowVolume & { claim?: { namespace: string; name: string } | undefined }) | undefined;
  /** The volume's name and reclaim policy when the deletion was asked for. */
  volumeName: string | undefined;
  reclaimPolicy: string | undefined;
  pods: FlowPod[];
  events: FlowEvent[];
  attachment?: FlowAttachment | undefined;
  now: number;
}

/** Pods still mounting the claim, as a step: stuck while one runs, under way while they stop. */
function podsStep(name: string, pods: FlowPod[], claimGone: boolean): StepDef {
  const holding = claimGone ? [] : podsHolding(pods, name);
  const running = holding.filter((p) => !p.deleting);
  return {
    id: "pods-stopped",
    label: "No pod uses it",
    actor: "node",
    happened: holding.length === 0,
    reason: holding.length
      ? `Waiting for pod ${holding.map((p) => p.name).join(", ")} to stop.`
      : "No pod mounts the claim.",
    stall: running.length
      ? {
          reason: `Stuck: used by pod ${running.map((p) => p.name).join(", ")}. Kubernetes keeps a claim while a pod uses it (kubernetes.io/pvc-protection).`,
          hint: "Stop the pod: scale its workload to 0 or delete the workload. The claim goes right after.",
        }
      : undefined,
    links: holding.map(podLink),
    evidence: "pods mounting the claim, finalizer kubernetes.io/pvc-protection",
  };
}

function detachStep(attachment: FlowAttachment | undefined, needed: boolean): StepDef {
  return {
    id: "volume-detached",
    label: "Volume detached from the node",
    actor: "node",
    skipped: needed || attachment ? undefined : "Not needed: this volume is used directly on the node, nothing was attached.",
    happened: !attachment,
    reason: attachment ? `Still attached to ${attachment.node}; the attach/detach controller detaches it once no pod there uses it.` : "Detached.",
    stall: attachment?.error ? { reason: `Detaching failed: ${attachment.error}`, hint: "Tell the cluster admin; the storage driver cannot detach it." } : undefined,
    evidence: "VolumeAttachment",
  };
}

function volumeStep(
  volumeName: string | undefined,
  policy: string | undefined,
  pv: ClaimDeletionInput["pv"],
  claimGone: boolean,
  events: FlowEvent[],
): StepDef {
  // Someone deleting the volume object itself turns "kept" into "deleted" whatever the policy.
  const del = policy === "Delete" || Boolean(pv?.deleting);
  const base = { id: "volume-reclaimed" as const, actor: "storage" as const, evidence: "PV status.phase, deletion and finalizers" };
  if (!volumeName)
    return { ...base, label: "Volume", happened: true, skipped: "The claim had no volume, so no data was affected." };
  if (!del) {
    const released = !pv || pv.phase === "Released" || pv.phase === "Available";
    return {
      ...base,
      label: "Volume kept (Released)",
      happened: claimGone && released,
      reason: pv
        ? claimGone && released
          ? `${volumeName} is kept as ${pv.phase} with its data (reclaim policy ${policy ?? "Retain"}); a cluster admin decides what happens to it.`
          : `Once the claim is gone, ${volumeName} is kept as Released with its data (reclaim policy ${policy ?? "Retain"}).`
        : `${volumeName} no longer exists (a cluster admin removed it).`,
    };
  }
  const holdup = pv?.deleting ? holdupStall(volumeHoldups(pv, events)) : undefined;
  const failed = pv?.phase === "Failed";
  return {
    ...base,
    label: "Volume deleted",
    happened: claimGone && !pv,
    reason: !pv
      ? claimGone
        ? `${volumeName} and its data are deleted (reclaim policy Delete).`
        : `Once the claim is gone, ${volumeName} and its data are deleted (reclaim policy Delete).`
      : holdup
        ? holdup.reason
        : claimGone
          ? `The claim is gone; ${volumeName} is ${pv.phase} and the provisioner deletes it.`
          : `Once the claim is gone, ${volumeName} and its data are deleted (reclaim policy Delete).`,
    stall: failed
      ? {
          reason: `Deleting ${volumeName} failed${pv?.message ? `: ${pv.message}` : ""}.`,
          hint: "Tell the cluster admin: the volume stays (Failed) until its storage can be removed.",
        }
      : holdup?.stuck
        ? { reason: holdup.reason, hint: holdup.hint }
        : undefined,
    links: holdup?.links,
  };
}

/** A claim's deletion: requested, pods stopped, claim removed, volume deleted or kept. */
export function claimDeletionSteps(input: ClaimDeletionInput): StepDef[] {
  const { claim, name, pv, events } = input;
  const gone = !claim;
  const holdups = claim ? claimHoldups(claim, input.pods, events).filter((h) => h.finalizer !== "kubernetes.io/pvc-protection") : [];
  const blocking = holdupStall(holdups);
  return [
    {
      id: "deletion-requested",
      label: "Deletion requested",
      actor: "developer",
      happened: gone || Boolean(claim?.deleting),
      at: claim?.deletedAt,
      reason: `Delete ${input.namespace}/${name}.`,
      evidence: "metadata.deletionTimestamp",
    },
    podsStep(name, input.pods, gone),
    ...(input.attachment || pv?.source.type === "csi" ? [detachStep(input.attachment, true)] : []),
    {
      id: "claim-removed",
      label: "Claim removed",
      actor: "control-plane",
      happened: gone,
      reason: gone
        ? "The claim is gone."
        : blocking
          ? blocking.reason
          : "Kubernetes removes the claim once nothing protects it.",
      stall: blocking?.stuck ? { reason: blocking.reason, hint: blocking.hint } : undefined,
      links: blocking?.links,
      evidence: "metadata.finalizers",
    },
    volumeStep(input.volumeName, input.reclaimPolicy, pv, gone, events),
  ];
}

export function deriveClaimDeletion(input: ClaimDeletionInput): DeletionFlow {
  return finish(claimDeletionSteps(input), input.now);
}

export interface TeardownInput {
  plan: Plan;
  /** The workload now: undefined once gone. */
  workload: { replicas: number; deleting: boolean; deletedAt?: string | undefined } | undefined;
  /** Pods of the plan that still exist. */
  pods: FlowPod[];
  /** Claims of the plan that still exist, by name. */
  claims: Record<string, FlowClaim>;
  /** Volumes of the plan's claims that still exist, by name. */
  volumes: Record<string, FlowVolume & { claim?: { namespace: string; name: string } | undefined }>;
  attachments: FlowAttachment[];
  events: FlowEvent[];
  now: number;
}

function claimsStep(input: TeardownInput): StepDef {
  const { plan } = input;
  const going = plan.claims.filter((c) => c.fate === "deleted");
  const left = going.filter((c) => input.claims[c.claim]);
  const stays = plan.claims.filter((c) => c.fate === "stays" || c.fate === "unused");
  const stuck = left
    .map((c) => {
      const claim = input.claims[c.claim];
      const h = claim ? holdupStall(claimHoldups(claim, input.pods, input.events)) : undefined;
      return h ? { c, h } : undefined;
    })
    .find((x) => x?.h.stuck);
  const said = [
    ...stays.map((c) => `${c.claim} stays${c.fate === "unused" ? " (unused: it shows up in the unused review)" : ""}.`),
    ...going.map((c) => `${c.claim} ${input.claims[c.claim] ? "is being deleted" : "is deleted"}.`),
  ].join(" ");
  return {
    id: "claims-released",
    label: going.length ? "Claims deleted" : "Claims kept",
    actor: "control-plane",
    skipped: plan.claims.length === 0 ? "The workload has no claims." : undefined,
    happened: left.length === 0,
    reason: said || "No claim changes.",
    stall: stuck ? { reason: `${stuck.c.claim}: ${stuck.h.reason}`, hint: stuck.h.hint } : undefined,
    links: stuck?.h.links,
    evidence: "claims of the workload, metadata.finalizers",
  };
}

function reclaimStep(input: TeardownInput): StepDef {
  const going = input.plan.claims.filter((c: ClaimPlan) => c.fate === "deleted" && c.volume);
  if (going.length === 0)
    return {
      id: "volume-reclaimed",
      label: "Volumes",
      actor: "storage",
      happened: true,
      skipped: "No claim is deleted, so every volume and its data stay.",
    };
  const steps = going.map((c) =>
    volumeStep(c.volume, c.reclaimPolicy, c.volume ? input.volumes[c.volume] : undefined, !input.claims[c.claim], input.events),
  );
  const stalled = steps.find((s) => s.stall);
  return {
    id: "volume-reclaimed",
    label: going.every((c) => c.reclaimPolicy === "Delete") ? "Volumes deleted" : "Volumes deleted or kept (Released)",
    actor: "storage",
    happened: steps.every((s) => s.happened),
    reason: steps.map((s) => s.reason).join(" "),
    stall: stalled?.stall,
    links: stalled?.links,
    evidence: "PV status.phase, deletion and finalizers",
  };
}

/** Scaling down or deleting a workload, followed from the plan shown before confirming. */
export function deriveTeardown(input: TeardownInput): DeletionFlow {
  const { plan, workload, pods, now } = input;
  const left = pods.filter((p) => plan.pods.includes(p.name));
  const running = left.filter((p) => !p.deleting);
  const lingering = left.filter((p) => p.deleting && now - (ms(p.createdAt) ?? now) > POD_STUCK_MS && running.length === 0);
  const first: StepDef =
    plan.mode === "scale"
      ? {
          id: "scaled-down",
          label: `Scaled from ${plan.from} to ${plan.to}`,
          actor: "developer",
          happened: workload?.replicas === plan.to,
          reason: workload?.replicas === plan.to ? `The ${plan.kind} wants ${plan.to} replicas.` : `The ${plan.kind} now wants ${workload?.replicas ?? "?"} replicas.`,
          evidence: "spec.replicas (scale subresource)",
        }
      : {
          id: "deletion-requested",
          label: "Deletion requested",
          actor: "developer",
          happened: !workload || workload.deleting,
          at: workload?.deletedAt,
          reason: `Delete ${plan.kind} ${plan.namespace}/${plan.name}.`,
          evidence: "metadata.deletionTimestamp",
        };
  const defs: StepDef[] = [
    first,
    {
      id: "pods-stopped",
      label: plan.pods.length === 1 ? "Pod terminated" : "Pods terminated",
      actor: "node",
      skipped: plan.pods.length === 0 ? "No pod stops." : undefined,
      happened: left.length === 0,
      reason: left.length
        ? `${left.map((p) => `${p.name} ${p.deleting ? "is terminating" : "still runs"}`).join("; ")}.`
        : `${plan.pods.join(", ")} stopped.`,
      stall: lingering.length
        ? { reason: `Pod ${lingering.map((p) => p.name).join(", ")} is stuck terminating.`, hint: "Its node may be down; tell the cluster admin." }
        : undefined,
      links: left.map(podLink),
      evidence: "pods of the workload, metadata.deletionTimestamp",
    },
    {
      id: "volume-unmounted",
      label: "Volumes unmounted",
      actor: "node",
      skipped: plan.pods.length === 0 || plan.claims.every((c) => c.fate === "created" || c.fate === "reused") ? "Nothing to unmount." : undefined,
      happened: left.length === 0,
      approximate: true,
      reason: left.length ? "The kubelet unmounts the volumes when the pods stop." : "Unmounted: the pods that mounted them are gone.",
      evidence: "pods gone (the kubelet unmounts before the pod object goes)",
    },
    detachStep(input.attachments[0], input.attachments.length > 0),
    claimsStep(input),
    reclaimStep(input),
  ];
  return finish(defs, now);
}

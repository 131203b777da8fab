import { parseQuantity } from "@/lib/quantity";
import { volumeMatchesClaim } from "@/lib/storage/pv-matching";
import * as why from "./explain";
import {
  condition,
  eventsAbout,
  firstEvent,
  lastEvent,
  ms,
  newerThan,
  primaryPod,
  resolveSteps,
  type Fact,
  type StepDef,
} from "./facts";
import type { ClaimFlow, ClaimFlowInput, FlowClass, FlowKind, FlowPod } from "./types";

// The life of a claim, step by step, derived only from what the cluster records: object
// status and conditions, annotations, creation times and events.

const PVC = "PersistentVolumeClaim";

/** The class a claim without class would get: the default, if there is exactly one rule-winner. */
export function defaultClass(classes: FlowClass[] | undefined): FlowClass | undefined {
  return (classes ?? []).filter((c) => c.isDefault).sort((a, b) => a.name.localeCompare(b.name))[0];
}

/** Dynamic: a provisioner creates the PV; manual: the claim binds to a PV someone made. */
export function flowKind(input: ClaimFlowInput): FlowKind {
  const { claim, storageClass } = input;
  if (claim.provisioner || input.pv?.provisionedBy) return "dynamic"; // a provisioner was asked / made the PV
  if (claim.volumeName) return "manual";
  if (input.pv) return "manual"; // bound with no provisioner involved
  if (storageClass && storageClass.provisioner !== why.NO_PROVISIONER) return "dynamic";
  return "manual";
}

export function deriveClaimFlow(input: ClaimFlowInput): ClaimFlow {
  const kind = flowKind(input);
  const pod = primaryPod(input.pods, input.claim.name);
  const defs = kind === "dynamic" ? dynamicSteps(input, pod) : manualSteps(input, pod);
  defs.push(...resizeSteps(input));
  const steps = resolveSteps(defs, input.now);
  const current =
    steps.find((s) => s.status === "stalled") ?? steps.find((s) => s.status === "current");
  return {
    kind,
    steps,
    current,
    stalled: steps.some((s) => s.status === "stalled"),
    pod: pod?.name,
  };
}

function isBound(input: ClaimFlowInput): boolean {
  const { claim } = input;
  // bind-completed is absent on very old objects; the phase alone then decides.
  return claim.phase === "Bound" && claim.bindCompleted !== false && Boolean(claim.volumeName);
}

function claimCreated(input: ClaimFlowInput): StepDef {
  const { claim } = input;
  return {
    id: "claim-created",
    label: "Claim created",
    actor: "developer",
    happened: Boolean(claim.createdAt),
    at: claim.createdAt,
    reason: `${claim.namespace}/${claim.name} asks for ${claim.requested} (${claim.accessModes.join(", ")}) of class "${claim.storageClass ?? "(default)"}".`,
    evidence: "metadata.creationTimestamp",
  };
}

function boundStep(input: ClaimFlowInput, label: string, blocked: Fact["stall"]): StepDef {
  const { claim, pv } = input;
  const bound = isBound(input);
  // The PV records when it entered its current phase: for a bound PV that is the bind time.
  const at =
    pv?.phase === "Bound" && pv.lastPhaseTransitionTime
      ? pv.lastPhaseTransitionTime
      : pv?.createdAt;
  return {
    id: "bound",
    label,
    actor: "control-plane",
    happened: bound,
    at: bound ? at : undefined,
    approximate: bound && !(pv?.phase === "Bound" && pv.lastPhaseTransitionTime),
    reason: bound
      ? `Bound to ${claim.volumeName}${claim.capacity ? ` (${claim.capacity})` : ""}.`
      : "The binder pairs the claim with the volume.",
    stall: bound ? undefined : blocked,
    evidence: "status.phase + pv.kubernetes.io/bind-completed, PV status.lastPhaseTransitionTime",
  };
}

function dynamicSteps(input: ClaimFlowInput, pod: FlowPod | undefined): StepDef[] {
  const { claim, pv, storageClass: sc, events } = input;
  const wffc = sc?.volumeBindingMode === "WaitForFirstConsumer";
  const consumer = [...input.pods]
    .filter((p) => p.claims.includes(claim.name))
    .sort((a, b) => (ms(a.createdAt) ?? 0) - (ms(b.createdAt) ?? 0))[0];
  const requested = firstEvent(events, PVC, claim.name, ["Provisioning", "ExternalProvisioning"]);
  const succeeded = lastEvent(events, PVC, claim.name, ["ProvisioningSucceeded"]);
  const failed = lastEvent(events, PVC, claim.name, ["ProvisioningFailed"]);
  const provisioningAsked = Boolean(requested || claim.provisioner || claim.selectedNode || pv);
  const failing =
    !pv && failed && newerThan(failed, succeeded?.lastAt)
      ? why.provisioningFailed(failed, sc)
      : undefined;
  const scheduling = pod ? schedulingStall(input, pod) : undefined;

  const steps: StepDef[] = [claimCreated(input)];
  const waitEvent = firstEvent(events, PVC, claim.name, ["WaitForFirstConsumer"]);
  steps.push({
    id: "waiting-for-consumer",
    label: "Waiting for first consumer",
    actor: "scheduler",
    skipped: wffc ? undefined : "Not needed: this class binds immediately.",
    // Done once a pod uses the claim and the scheduler chose its node.
    happened: Boolean(consumer && (claim.selectedNode || pv || requested)),
    at: consumer?.createdAt,
    approximate: true,
    reason: consumer
      ? `Pod ${consumer.name} uses the claim${claim.selectedNode ? `; the scheduler chose node ${claim.selectedNode}` : ""}.`
      : why.waitingForConsumer().reason + (waitEvent ? "" : ""),
    stall: consumer && !claim.selectedNode && !pv ? scheduling : undefined,
    evidence: "WaitForFirstConsumer event, annotation volume.kubernetes.io/selected-node",
  });
  steps.push({
    id: "provisioning-requested",
    label: "Provisioning requested",
    actor: "control-plane",
    happened: provisioningAsked,
    at: requested?.firstAt ?? (wffc ? consumer?.createdAt : claim.createdAt),
    approximate: !requested,
    reason: provisioningAsked
      ? `Asked ${claim.provisioner ?? sc?.provisioner ?? "the provisioner"} for a ${claim.requested} volume${claim.selectedNode ? ` on ${claim.selectedNode}` : ""}.`
      : "The control plane asks the class's provisioner for a volume.",
    stall: !provisioningAsked && !wffc ? failing : undefined,
    evidence:
      "Provisioning/ExternalProvisioning event, annotation volume.kubernetes.io/storage-provisioner",
  });
  steps.push({
    id: "pv-created",
    label: "Volume created",
    actor: "storage",
    happened: Boolean(pv),
    at: pv?.createdAt,
    reason: pv
      ? `${pv.name} (${pv.capacity}, ${pv.source.type}${pv.source.detail ? ` ${pv.source.detail}` : ""}, reclaim ${pv.reclaimPolicy}).`
      : "The provisioner creates a PersistentVolume.",
    stall: failing,
    evidence: "PV metadata.creationTimestamp, ProvisioningSucceeded/ProvisioningFailed events",
  });
  steps.push(boundStep(input, "Bound", undefined));
  steps.push(...podSteps(input, pod, scheduling));
  return steps;
}

function manualSteps(input: ClaimFlowInput, pod: FlowPod | undefined): StepDef[] {
  const { claim, pv, events } = input;
  const classes = input.classes ?? [];
  const listed = input.volumes ?? [];
  const volumes = pv && !listed.some((v) => v.name === pv.name) ? [pv, ...listed] : listed;
  let blocked: Fact["stall"];
  // The binder writes the PV side first: a volume already pointing at this claim means the
  // bind is half done, not that the volume is taken.
  const reserved =
    pv?.claim?.namespace === claim.namespace &&
    pv.claim.name === claim.name &&
    (!pv.claim.uid || pv.claim.uid === claim.uid);
  if (!isBound(input) && !reserved) {
    const failed = lastEvent(events, PVC, claim.name, ["ProvisioningFailed", "FailedBinding"]);
    const namedClass = claim.storageClass;
    const fits = volumes.some((v) => volumeMatchesClaim(v, claim).ok);
    if (namedClass === undefined && !claim.volumeName && !defaultClass(classes) && !fits)
      blocked = why.noDefaultClass();
    else if (
      namedClass &&
      !classes.some((c) => c.name === namedClass) &&
      !volumes.some((v) => v.storageClass === namedClass) &&
      (!claim.volumeName || (failed?.message ?? "").includes("not found"))
    ) {
      blocked = why.classMissing(namedClass);
    } else if (!fits || (claim.volumeName && !pv)) blocked = why.noVolumeMatches(claim, volumes);
  }
  const steps: StepDef[] = [];
  steps.push({
    id: "pv-available",
    label: "Volume available",
    actor: "admin",
    happened: Boolean(pv),
    at: pv?.createdAt,
    reason: pv
      ? `${pv.name} (${pv.capacity}, class "${pv.storageClass || "(none)"}", ${pv.source.type}, reclaim ${pv.reclaimPolicy}).`
      : "A cluster admin creates a PersistentVolume.",
    stall: pv ? undefined : blocked,
    evidence: "PV metadata.creationTimestamp",
  });
  steps.push(claimCreated(input));
  const binding = boundStep(input, "Matched and bound", pv ? blocked : undefined);
  if (reserved && !isBound(input))
    binding.reason = `${pv.name} is reserved for this claim; the binder is finishing the bind.`;
  steps.push(binding);
  steps.push(
    ...podSteps(input, pod, pod ? schedulingStall(input, pod) : undefined).filter(
      (s) => s.id !== "volume-attached",
    ),
  );
  return steps;
}

export function schedulingStall(
  input: Pick<ClaimFlowInput, "events">,
  pod: FlowPod,
): Fact["stall"] {
  const sched = condition(pod, "PodScheduled");
  if (sched?.status === "True" || pod.nodeName) return undefined;
  const failed = lastEvent(input.events, "Pod", pod.name, ["FailedScheduling"]);
  const message =
    failed?.message ?? (sched?.reason === "Unschedulable" ? sched.message : undefined);
  return message ? why.schedulingFailed(message) : undefined;
}

export function podSteps(
  input: Pick<ClaimFlowInput, "pv" | "events" | "attachRequired" | "attachment">,
  pod: FlowPod | undefined,
  scheduling: Fact["stall"],
): StepDef[] {
  const { pv, events } = input;
  const sched = pod ? condition(pod, "PodScheduled") : undefined;
  const scheduledEvent = pod ? firstEvent(events, "Pod", pod.name, ["Scheduled"]) : undefined;
  const scheduled = Boolean(pod && (pod.nodeName || sched?.status === "True"));
  const mounts = pod ? eventsAbout(events, "Pod", pod.name, ["SuccessfulMountVolume"]) : [];
  const mount =
    mounts.find((e) => !pv || e.message.includes(pv.name)) ?? (pv ? undefined : mounts[0]);
  const mountFail = pod
    ? lastEvent(events, "Pod", pod.name, ["FailedMount", "FailedAttachVolume"])
    : undefined;
  const running = Boolean(pod?.startedAt) && pod?.phase === "Running";
  const mounted = Boolean(mount) || running;
  const attachNeeded = pv?.source.type === "csi" && input.attachRequired !== false;
  const att = input.attachment;
  return [
    {
      id: "pod-scheduled",
      label: "Pod scheduled to a node",
      actor: "scheduler",
      happened: scheduled,
      at: sched?.status === "True" ? sched.lastTransitionTime : scheduledEvent?.firstAt,
      reason: pod
        ? scheduled
          ? `${pod.name} placed on ${pod.nodeName ?? "a node"}.`
          : `${pod.name} waits for a node.`
        : "No pod uses this claim yet. Request a workload that mounts it.",
      stall: scheduled ? undefined : scheduling,
      evidence: "pod condition PodScheduled, Scheduled/FailedScheduling events",
    },
    {
      id: "volume-attached",
      label: "Volume attached to the node",
      actor: "node",
      skipped: attachNeeded
        ? undefined
        : pv?.source.type === "csi" ? `Not needed: the CSI driver says attachRequired=false, so nothing is attached before mounting.` : `Not needed: ${pv ? `${pv.source.type} volumes are` : "this volume is"} used directly on the node, nothing is attached.`,
      happened: Boolean(att?.attached),
      at: att?.createdAt,
      approximate: true,
      reason: att
        ? `Attached to ${att.node}.`
        : "The attach/detach controller attaches the volume.",
      stall: att?.error
        ? {
            reason: `Attaching failed: ${att.error}`,
            hint: "Tell the cluster admin; the storage driver cannot attach it.",
          }
        : undefined,
      evidence: "VolumeAttachment status.attached",
    },
    {
      id: "volume-mounted",
      label: "Volume mounted",
      actor: "node",
      happened: mounted,
      at: mount?.firstAt ?? pod?.startedAt,
      approximate: !mount,
      reason: mount
        ? `kubelet on ${pod?.nodeName ?? "the node"}: ${mount.message}`
        : running
          ? "Mounted: the pod runs with it (the kubelet's mount event is not recorded)."
          : "kubelet mounts the volume into the pod.",
      stall: !mounted && scheduled && mountFail ? why.mountFailed(mountFail.message) : undefined,
      evidence: "SuccessfulMountVolume/FailedMount events",
    },
    {
      id: "container-running",
      label: "Container running",
      actor: "node",
      happened: running,
      at: pod?.startedAt,
      reason: running
        ? `${pod?.name} is running on ${pod?.nodeName ?? "its node"}.`
        : pod?.waitingReason
          ? `Containers are ${pod.waitingReason}.`
          : "The containers start once the volume is mounted.",
      evidence: "containerStatuses[].state.running.startedAt",
    },
  ];
}

/** Expansion, followed to completion: requested size above the capacity the volume has. */
function resizeSteps(input: ClaimFlowInput): StepDef[] {
  const { claim, events } = input;
  const want = parseQuantity(claim.requested);
  const have = parseQuantity(claim.capacity);
  const resizeEvents = eventsAbout(events, PVC, claim.name, [
    "Resizing",
    "ExternalExpanding",
    "VolumeResizeSuccessful",
    "FileSystemResizeSuccessful",
    "VolumeResizeFailed",
    "FileSystemResizeRequired",
  ]);
  const growing =
    want !== undefined && have !== undefined && want > have && claim.phase === "Bound";
  if (!growing && resizeEvents.length === 0) return [];
  const cond = claim.conditions.find(
    (c) => c.type === "Resizing" || c.type === "FileSystemResizePending",
  );
  const first = resizeEvents[0];
  const done = [...resizeEvents]
    .reverse()
    .find(
      (e) => e.reason === "FileSystemResizeSuccessful" || e.reason === "VolumeResizeSuccessful",
    );
  const trouble = [...resizeEvents]
    .reverse()
    .find((e) => e.reason === "VolumeResizeFailed" || e.reason === "ExternalExpanding");
  return [
    {
      id: "resize-requested",
      label: "Expansion requested",
      actor: "developer",
      happened: true,
      at: first?.firstAt ?? cond?.lastTransitionTime,
      approximate: !first,
      reason: growing
        ? `Asked for ${claim.requested}; the volume has ${claim.capacity}.`
        : `Grown to ${claim.capacity}.`,
      evidence: "spec.resources.requests.storage vs status.capacity",
    },
    {
      id: "resize-done",
      label: "Volume expanded",
      actor: "storage",
      happened: !growing,
      at: done?.lastAt,
      reason: growing
        ? cond
          ? `In progress (${cond.type}).`
          : "Waiting for the volume to grow."
        : `Capacity is now ${claim.capacity}.`,
      stall: growing && trouble ? why.expansionWaiting(trouble) : undefined,
      evidence: "Resizing/FileSystemResizePending conditions, VolumeResizeSuccessful events",
    },
  ];
}

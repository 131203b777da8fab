import * as why from "./explain";
import { condition, eventsAbout, firstEvent, lastEvent, type Fact, type StepDef } from "./facts";
import type { ClaimFlowInput, FlowPod } from "./types";

// The pod half of a flow (scheduled, attached, mounted, running), shared by the claim and
// workload derivations.

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
        : pv?.source.type === "csi"
          ? "Not needed: the CSI driver says attachRequired=false, so nothing is attached before mounting."
          : `Not needed: ${pv ? `${pv.source.type} volumes are` : "this volume is"} used directly on the node, nothing is attached.`,
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

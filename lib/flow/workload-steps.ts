import * as why from "./explain";
import { byTime, eventsAbout, ms, primaryPod, resolveSteps, type StepDef } from "./facts";
import { podSteps, schedulingStall } from "./pod-steps";
import type { ClaimFlow, FlowEvent, FlowPod, FlowStep, FlowVolume } from "./types";

// A workload's path to running: the workload, its pod, every claim it mounts, then the pod
// steps. Claim problems surface here with the claim's own plain-words reason.

export interface FlowWorkload {
  kind: string;
  namespace: string;
  name: string;
  createdAt: string | undefined;
  /** Claims the pod template mounts, plus those its volumeClaimTemplates create for pod 0. */
  claims: string[];
  /** Names of the owners pods hang off (a Deployment's ReplicaSets, or the StatefulSet). */
  podOwners: string[];
}

export interface WorkloadFlowInput {
  workload: FlowWorkload;
  claimFlows: { name: string; flow: ClaimFlow | undefined }[];
  pods: FlowPod[];
  volumes?: FlowVolume[];
  events: FlowEvent[];
  now: number;
}

export interface WorkloadFlow {
  steps: FlowStep[];
  current: FlowStep | undefined;
  stalled: boolean;
  pod: string | undefined;
}

export function workloadPods<P extends FlowPod>(
  w: Pick<FlowWorkload, "podOwners">,
  pods: P[],
): P[] {
  return pods.filter((p) => p.owner && w.podOwners.includes(p.owner.name));
}

export function deriveWorkloadFlow(input: WorkloadFlowInput): WorkloadFlow {
  const { workload: w, events } = input;
  const pods = workloadPods(w, input.pods);
  const pod = primaryPod(pods);
  const ownerKinds = ["Deployment", "StatefulSet", "ReplicaSet"];
  const createFailures = [w.name, ...w.podOwners].flatMap((n) =>
    ownerKinds.flatMap((k) => eventsAbout(events, k, n, ["FailedCreate"])),
  );
  const lastFailure = createFailures.sort((a, b) => byTime(a.lastAt, b.lastAt))[
    createFailures.length - 1
  ];
  const failing =
    lastFailure && (!pod || (ms(lastFailure.lastAt) ?? 0) >= (ms(pod.createdAt) ?? 0))
      ? lastFailure
      : undefined;
  const createStall = failing
    ? /exceeded quota|forbidden: .*quota/i.test(failing.message)
      ? why.quotaExceeded(failing.message.replace(/^.*?forbidden: /, ""))
      : /maximum|minimum/i.test(failing.message)
        ? {
            reason: `The namespace's limits refused it: ${failing.message.replace(/^.*?forbidden: /, "")}`,
            hint: "Ask for a size within the namespace's limits.",
          }
        : {
            reason: `The controller could not create it: ${failing.message}`,
            hint: "Fix the workload's spec and apply again.",
          }
    : undefined;

  const flows = input.claimFlows;
  const boundAt = flows.map((c) => c.flow?.steps.find((s) => s.id === "bound"));
  const allBound = flows.length > 0 && boundAt.every((s) => s?.status === "done");
  const stuck = flows.find((c) => c.flow?.stalled);
  const missing = flows.filter((c) => !c.flow).map((c) => c.name);
  const latestBound = boundAt
    .map((s) => s?.at)
    .sort(byTime)
    .at(-1);

  const defs: StepDef[] = [
    {
      id: "workload-created",
      label: `${w.kind} created`,
      actor: "developer",
      happened: Boolean(w.createdAt),
      at: w.createdAt,
      reason: `${w.kind} ${w.namespace}/${w.name}.`,
      evidence: "metadata.creationTimestamp",
    },
    {
      id: "pod-created",
      label: "Pod created",
      actor: "control-plane",
      happened: Boolean(pod),
      at: pod?.createdAt,
      reason: pod
        ? `${pod.name}${pods.length > 1 ? ` (and ${pods.length - 1} more)` : ""}.`
        : "The workload's controller creates a pod.",
      stall: pod ? undefined : createStall,
      evidence: "pod metadata.creationTimestamp, FailedCreate events",
    },
    {
      id: "claims-bound",
      label: flows.length === 1 ? "Claim bound" : "Claims bound",
      actor: "control-plane",
      skipped: flows.length === 0 ? "Not needed: the workload mounts no claim." : undefined,
      happened: allBound,
      at: latestBound,
      reason: allBound
        ? flows
            .map(
              (c) =>
                `${c.name} → ${c.flow?.steps.find((s) => s.id === "bound")?.reason?.replace(/^Bound to /, "") ?? ""}`,
            )
            .join(" ")
        : missing.length
          ? `Waiting for claim ${missing.join(", ")} to exist.`
          : `Waiting for ${flows
              .filter((_, i) => boundAt[i]?.status !== "done")
              .map((c) => c.name)
              .join(", ")} to bind.`,
      stall: allBound
        ? undefined
        : stuck
          ? {
              reason: `${stuck.name}: ${stuck.flow?.current?.reason ?? "stalled"}`,
              hint: stuck.flow?.current?.hint,
            }
          : missing.length && createStall
            ? createStall
            : undefined,
      evidence: "each claim's flow",
    },
  ];
  const pvs = input.volumes ?? [];
  const firstPv = pvs.find((v) =>
    flows.some((c) => v.claim?.name === c.name && v.claim.namespace === w.namespace),
  );
  defs.push(
    ...podSteps({ pv: firstPv, events }, pod, pod ? schedulingStall({ events }, pod) : undefined),
  );
  const steps = resolveSteps(defs, input.now);
  const current =
    steps.find((s) => s.status === "stalled") ?? steps.find((s) => s.status === "current");
  return { steps, current, stalled: steps.some((s) => s.status === "stalled"), pod: pod?.name };
}

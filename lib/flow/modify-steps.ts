import { resolveSteps, type StepDef } from "./facts";
import type { FlowEvent, FlowStep } from "./types";

/**
 * A claim's VolumeAttributesClass change in steps: requested (spec) -> applied by the driver
 * (status.currentVolumeAttributesClassName), with InProgress / Infeasible from
 * status.modifyVolumeStatus and the resizer's events for the driver's reason.
 */

export interface ClaimModifyState {
  namespace: string;
  name: string;
  /** spec.volumeAttributesClassName */
  requested: string | undefined;
  /** status.currentVolumeAttributesClassName */
  current: string | undefined;
  /** status.modifyVolumeStatus */
  target: string | undefined;
  status: string | undefined;
}

export type ModifyPhase = "none" | "done" | "in-progress" | "infeasible" | "pending";

export function modifyPhase(s: ClaimModifyState): ModifyPhase {
  if (!s.requested) return "none";
  if (s.current === s.requested && !s.status) return "done";
  if (s.status === "Infeasible") return "infeasible";
  if (s.status === "InProgress") return "in-progress";
  if (s.current === s.requested) return "done";
  return "pending";
}

const REASONS = ["VolumeModify", "VolumeModifyFailed", "VolumeModifySuccessful"];

export function modifyFlow(s: ClaimModifyState, events: FlowEvent[], now: number): FlowStep[] {
  const phase = modifyPhase(s);
  const mine = events.filter((e) => e.involved.kind === "PersistentVolumeClaim" && e.involved.name === s.name && REASONS.includes(e.reason));
  const failed = [...mine].reverse().find((e) => e.type === "Warning");
  const started = mine[0];
  const done = [...mine].reverse().find((e) => e.reason === "VolumeModifySuccessful");
  const defs: StepDef[] = [
    {
      id: "modify-requested",
      label: "Attribute class change requested",
      actor: "developer",
      happened: phase !== "none",
      at: started?.firstAt,
      approximate: true,
      reason: s.requested ? `Claim asks for class ${s.requested}${s.current ? ` (now ${s.current})` : ""}.` : undefined,
    },
    {
      id: "modify-done",
      label: "Driver applied the attributes",
      actor: "storage",
      happened: phase === "done",
      at: done?.lastAt,
      reason: phase === "done" ? `The volume now has class ${s.current}.` : "Waiting for the external resizer to call ControllerModifyVolume.",
      stall:
        phase === "infeasible"
          ? { reason: `The driver refused: ${failed?.message ?? "infeasible parameters"}`, hint: "Choose another class; the claim keeps its current attributes." }
          : phase === "in-progress" && failed
            ? { reason: `The driver reported: ${failed.message}` }
            : undefined,
    },
  ];
  return resolveSteps(defs, now);
}

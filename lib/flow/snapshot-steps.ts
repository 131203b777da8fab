import { classesForDriver, type SnapshotClassLike } from "@/lib/storage/snapshots";
import { lastEvent, ms, resolveSteps, type StepDef } from "./facts";
import type { FlowEvent, FlowStep } from "./types";

/**
 * The life of a VolumeSnapshot in steps: requested -> content created (snapshot controller +
 * csi-snapshotter) -> ready to use (the driver cut the snapshot), with the reason when it stalls.
 */

export interface FlowSnapshot {
  namespace: string;
  name: string;
  createdAt: string | undefined;
  sourceClaim: string | undefined;
  className: string | undefined;
  boundContentName: string | undefined;
  readyToUse: boolean;
  /** status.creationTime: when the driver cut the snapshot. */
  creationTime: string | undefined;
  error: { message: string; time: string | undefined } | undefined;
}

export interface FlowSnapshotContent {
  name: string;
  createdAt: string | undefined;
  readyToUse: boolean;
  error: { message: string; time: string | undefined } | undefined;
}

export interface SnapshotFlowInput {
  /** Discovery lacks the snapshot CRDs. */
  crdsMissing: boolean;
  snapshot: FlowSnapshot;
  content: FlowSnapshotContent | undefined;
  classes: SnapshotClassLike[];
  /** The CSI driver of the source claim's volume, when known. */
  driver: string | undefined;
  events: FlowEvent[];
  now: number;
}

/** After this long without a content, say which controller is probably missing. */
const SLOW_MS = 30_000;

const FAIL_REASONS = ["SnapshotContentCreationFailed", "SnapshotCreationFailed", "SnapshotFinalizerError", "ErrorPVCNotFound", "SnapshotDeleteError"];

function contentStall(input: SnapshotFlowInput): { reason: string; hint?: string } | undefined {
  const { snapshot, classes, driver, events, now } = input;
  if (input.crdsMissing) return { reason: "The snapshot CRDs are missing in this cluster, so nothing acts on the request.", hint: "An admin installs the external-snapshotter CRDs and snapshot controller." };
  if (snapshot.error) return { reason: `The snapshot controller reported: ${snapshot.error.message}` };
  const failed = lastEvent(events, "VolumeSnapshot", snapshot.name, FAIL_REASONS);
  if (failed?.type === "Warning") return { reason: `${failed.reason}: ${failed.message}` };
  if (snapshot.className) {
    const cls = classes.find((c) => c.name === snapshot.className);
    if (!cls) return { reason: `The snapshot class ${snapshot.className} does not exist.`, hint: "Ask an admin to create it, or take the snapshot again with an existing class." };
    if (driver && cls.driver !== driver) return { reason: `The class ${cls.name} is for driver ${cls.driver}, but the claim's volume uses ${driver}.` };
  } else if (driver) {
    const mine = classesForDriver(classes, driver);
    if (mine.filter((c) => c.isDefault).length !== 1) {
      return { reason: mine.length ? `No single default snapshot class for driver ${driver}, and none was named.` : `There is no snapshot class for driver ${driver}.`, hint: "An admin creates (or marks as default) a snapshot class for this driver." };
    }
  }
  const since = ms(snapshot.createdAt);
  if (since !== undefined && now - since > SLOW_MS) {
    return { reason: "No snapshot content yet after 30 s.", hint: "Is the snapshot controller running, and does the claim's volume come from a CSI driver that supports snapshots?" };
  }
  return undefined;
}

export function snapshotFlow(input: SnapshotFlowInput): FlowStep[] {
  const { snapshot, content } = input;
  const contentDone = Boolean(snapshot.boundContentName && content);
  const stall = contentDone ? undefined : contentStall(input);
  const driverError = snapshot.error ?? content?.error;
  const defs: StepDef[] = [
    {
      id: "snapshot-requested",
      label: "Snapshot requested",
      actor: "developer",
      happened: !input.crdsMissing,
      at: snapshot.createdAt,
      reason: snapshot.sourceClaim ? `Snapshot of claim ${snapshot.sourceClaim}.` : undefined,
      stall: input.crdsMissing ? stall : undefined,
      evidence: "VolumeSnapshot",
    },
    {
      id: "snapshot-content-created",
      label: "Snapshot content created",
      actor: "control-plane",
      happened: contentDone,
      at: content?.createdAt,
      reason: contentDone ? `Content ${snapshot.boundContentName}.` : "Waiting for the snapshot controller to create the content.",
      stall: input.crdsMissing ? undefined : stall,
      evidence: "status.boundVolumeSnapshotContentName",
    },
    {
      id: "snapshot-ready",
      label: "Ready to use",
      actor: "storage",
      happened: snapshot.readyToUse,
      at: snapshot.creationTime,
      reason: snapshot.readyToUse ? "The driver cut the snapshot; it can be restored." : "Waiting for the CSI driver to cut the snapshot.",
      stall: contentDone && driverError ? { reason: `The driver reported: ${driverError.message}` } : undefined,
      evidence: "status.readyToUse",
    },
  ];
  return resolveSteps(defs, input.now);
}

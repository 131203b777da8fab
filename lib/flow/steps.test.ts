import { describe, expect, it } from "vitest";
import { deriveClaimFlow, flowKind } from "./steps";
import { formatDuration } from "./facts";
import { T0, at, claim, cls, ev, input, pod, pv, runningPod } from "./fixtures.test-helpers";
import type { ClaimFlow, StepId } from "./types";

const statuses = (f: ClaimFlow) => Object.fromEntries(f.steps.map((s) => [s.id, s.status]));
const step = (f: ClaimFlow, id: StepId) => {
  const s = f.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

describe("dynamic flow with WaitForFirstConsumer", () => {
  it("lists the steps in the documented order", () => {
    const f = deriveClaimFlow(input());
    expect(f.kind).toBe("dynamic");
    expect(f.steps.map((s) => s.id)).toEqual([
      "claim-created",
      "waiting-for-consumer",
      "provisioning-requested",
      "pv-created",
      "bound",
      "pod-scheduled",
      "volume-attached",
      "volume-mounted",
      "container-running",
    ]);
  });

  it("waits for a consumer without calling it a problem", () => {
    const f = deriveClaimFlow(
      input({ events: [ev("WaitForFirstConsumer", "PersistentVolumeClaim", "data", 0)] }),
    );
    expect(statuses(f)).toMatchObject({
      "claim-created": "done",
      "waiting-for-consumer": "current",
      "provisioning-requested": "pending",
      "volume-attached": "skipped",
    });
    expect(f.stalled).toBe(false);
    expect(f.current?.id).toBe("waiting-for-consumer");
    expect(f.current?.reason).toContain("WaitForFirstConsumer");
    expect(f.current?.durationMs).toBe(60_000); // waiting since the claim was created
  });

  it("follows a claim to a running pod with times and durations from real facts", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({
          phase: "Bound",
          volumeName: "pvc-1234",
          capacity: "20Gi",
          selectedNode: "bindery-node-1",
          provisioner: "kubernetes.io/host-path",
          bindCompleted: true,
        }),
        pv: pv(),
        pods: [runningPod()],
        events: [
          ev("WaitForFirstConsumer", "PersistentVolumeClaim", "data", 0),
          ev("ProvisioningSucceeded", "PersistentVolumeClaim", "data", 11),
          ev("Scheduled", "Pod", "app-0", 13),
          ev("SuccessfulMountVolume", "Pod", "app-0", 14, {
            message: 'MountVolume.SetUp succeeded for volume "pvc-1234"',
          }),
        ],
      }),
    );
    expect(f.stalled).toBe(false);
    expect(f.current).toBeUndefined();
    expect(statuses(f)).toEqual({
      "claim-created": "done",
      "waiting-for-consumer": "done",
      "provisioning-requested": "done",
      "pv-created": "done",
      bound: "done",
      "pod-scheduled": "done",
      "volume-attached": "skipped",
      "volume-mounted": "done",
      "container-running": "done",
    });
    expect(step(f, "waiting-for-consumer").at).toBe(at(5)); // the pod appeared
    expect(step(f, "waiting-for-consumer").durationMs).toBe(5000);
    expect(step(f, "provisioning-requested").approximate).toBe(true); // in-tree: no Provisioning event
    expect(step(f, "pv-created").at).toBe(at(11));
    expect(step(f, "pv-created").durationMs).toBe(6000);
    expect(step(f, "bound").at).toBe(at(12));
    expect(step(f, "pod-scheduled").at).toBe(at(13));
    expect(step(f, "volume-mounted").at).toBe(at(14));
    expect(step(f, "volume-mounted").reason).toContain("pvc-1234");
    expect(step(f, "container-running").at).toBe(at(15));
    expect(step(f, "container-running").durationMs).toBe(1000);
    expect(step(f, "volume-attached").reason).toMatch(/Not needed: hostPath/);
  });

  it("uses the external provisioner's event as the request time", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({ selectedNode: "bindery-node-2", provisioner: "csi.example.com" }),
        storageClass: cls({ provisioner: "csi.example.com" }),
        pods: [pod({ createdAt: at(3) })],
        events: [ev("ExternalProvisioning", "PersistentVolumeClaim", "data", 4)],
      }),
    );
    expect(step(f, "provisioning-requested")).toMatchObject({ status: "done", at: at(4) });
    expect(step(f, "provisioning-requested").approximate).toBeUndefined();
    expect(f.current?.id).toBe("pv-created");
  });

  it("stalls on ProvisioningFailed with the provisioner's message", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({ selectedNode: "bindery-node-1", provisioner: "kubernetes.io/host-path" }),
        pods: [pod()],
        events: [
          ev("ProvisioningFailed", "PersistentVolumeClaim", "data", 8, {
            message: "disk full on backend",
          }),
        ],
      }),
    );
    expect(f.stalled).toBe(true);
    expect(f.current?.id).toBe("pv-created");
    expect(f.current?.reason).toContain("disk full on backend");
    expect(f.current?.reason).toContain("kubernetes.io/host-path");
    expect(f.current?.hint).toBeTruthy();
  });

  it("does not keep showing a ProvisioningFailed that a success replaced", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({
          phase: "Bound",
          volumeName: "pvc-1234",
          provisioner: "kubernetes.io/host-path",
          selectedNode: "n",
          bindCompleted: true,
          capacity: "20Gi",
        }),
        pv: pv(),
        pods: [pod()],
        events: [
          ev("ProvisioningFailed", "PersistentVolumeClaim", "data", 8),
          ev("ProvisioningSucceeded", "PersistentVolumeClaim", "data", 10),
        ],
      }),
    );
    expect(step(f, "pv-created").status).toBe("done");
    expect(f.current?.id).toBe("pod-scheduled");
  });

  it("explains a pod that cannot be scheduled because of volume node affinity", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({
          phase: "Bound",
          volumeName: "pvc-1234",
          provisioner: "kubernetes.io/host-path",
          selectedNode: "n",
          bindCompleted: true,
          capacity: "20Gi",
        }),
        pv: pv(),
        pods: [
          pod({ conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] }),
        ],
        events: [
          ev("FailedScheduling", "Pod", "app-0", 20, {
            message: "0/2 nodes are available: 2 node(s) had volume node affinity conflict.",
          }),
        ],
      }),
    );
    expect(f.current).toMatchObject({ id: "pod-scheduled", status: "stalled" });
    expect(f.current?.reason).toMatch(/volume node affinity/);
  });

  it("stalls on FailedMount with the node's message", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({
          phase: "Bound",
          volumeName: "pvc-1234",
          provisioner: "p",
          selectedNode: "n",
          bindCompleted: true,
          capacity: "20Gi",
        }),
        pv: pv(),
        pods: [
          pod({
            nodeName: "bindery-node-1",
            conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: at(13) }],
            waitingReason: "ContainerCreating",
          }),
        ],
        events: [
          ev("FailedMount", "Pod", "app-0", 14, {
            message: "MountVolume.SetUp failed: permission denied",
          }),
        ],
      }),
    );
    expect(f.current).toMatchObject({ id: "volume-mounted", status: "stalled" });
    expect(f.current?.reason).toContain("permission denied");
    expect(step(f, "container-running").reason).toContain("ContainerCreating");
  });

  it("skips waiting for a consumer with Immediate binding", () => {
    const f = deriveClaimFlow(
      input({
        storageClass: cls({ volumeBindingMode: "Immediate" }),
        classes: [cls({ volumeBindingMode: "Immediate" })],
      }),
    );
    expect(step(f, "waiting-for-consumer").status).toBe("skipped");
    expect(f.current?.id).toBe("provisioning-requested");
  });

  it("needs attaching only for CSI drivers that attach", () => {
    const csiPv = pv({ source: { type: "csi", detail: "csi.example.com vol-1" } });
    const bound = claim({
      phase: "Bound",
      volumeName: "pvc-1234",
      provisioner: "csi.example.com",
      selectedNode: "n",
      bindCompleted: true,
      capacity: "20Gi",
    });
    const noAttach = deriveClaimFlow(
      input({ claim: bound, pv: csiPv, pods: [runningPod()], attachRequired: false }),
    );
    expect(step(noAttach, "volume-attached").status).toBe("skipped");
    const pending = deriveClaimFlow(
      input({
        claim: bound,
        pv: csiPv,
        pods: [runningPod({ phase: "Pending", startedAt: undefined })],
        attachRequired: true,
      }),
    );
    expect(step(pending, "volume-attached").status).toBe("current");
    const attached = deriveClaimFlow(
      input({
        claim: bound,
        pv: csiPv,
        pods: [runningPod()],
        attachRequired: true,
        attachment: { node: "bindery-node-1", attached: true, error: undefined, createdAt: at(13) },
      }),
    );
    expect(step(attached, "volume-attached")).toMatchObject({ status: "done", at: at(13) });
    const failed = deriveClaimFlow(
      input({
        claim: bound,
        pv: csiPv,
        pods: [runningPod({ phase: "Pending", startedAt: undefined })],
        attachRequired: true,
        attachment: { node: "n", attached: false, error: "rpc timeout", createdAt: at(13) },
      }),
    );
    expect(step(failed, "volume-attached").status).toBe("stalled");
    expect(step(failed, "volume-attached").reason).toContain("rpc timeout");
  });

  it("follows the newest live pod when a Recreate rollout replaced the old one", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({
          phase: "Bound",
          volumeName: "pvc-1234",
          provisioner: "p",
          selectedNode: "n",
          bindCompleted: true,
          capacity: "20Gi",
        }),
        pv: pv(),
        pods: [
          runningPod({ name: "old", createdAt: at(5), deleting: true }),
          pod({ name: "new", createdAt: at(30) }),
        ],
      }),
    );
    expect(f.pod).toBe("new");
  });
});

describe("manual flow", () => {
  const manualClaim = claim({
    name: "mysql",
    requested: "3Gi",
    storageClass: "manual",
    volumeName: "pv-manual-10g",
  });
  const manualPv = pv({
    name: "pv-manual-10g",
    capacity: "10Gi",
    storageClass: "manual",
    phase: "Available",
    claim: undefined,
    reclaimPolicy: "Retain",
    createdAt: at(-100),
    lastPhaseTransitionTime: at(-100),
  });

  it("shows the volume first, then the claim, the bind and the pod", () => {
    const f = deriveClaimFlow(
      input({ claim: manualClaim, pv: manualPv, storageClass: undefined, classes: [] }),
    );
    expect(f.kind).toBe("manual");
    expect(f.steps.map((s) => s.id)).toEqual([
      "pv-available",
      "claim-created",
      "bound",
      "pod-scheduled",
      "volume-mounted",
      "container-running",
    ]);
    expect(statuses(f)).toMatchObject({
      "pv-available": "done",
      "claim-created": "done",
      bound: "current",
    });
    expect(step(f, "claim-created").durationMs).toBe(100_000);
  });

  it("treats a volume already bound to this claim as a bind in progress, not a mismatch", () => {
    const f = deriveClaimFlow(
      input({
        claim: manualClaim,
        pv: {
          ...manualPv,
          phase: "Bound",
          claim: { namespace: "team-a", name: "mysql", uid: "uid-data" },
        },
        storageClass: undefined,
        classes: [],
      }),
    );
    expect(f.stalled).toBe(false);
    expect(f.current?.id).toBe("bound");
    expect(f.current?.reason).toContain("reserved for this claim");
  });

  it("is complete once bound and running", () => {
    const f = deriveClaimFlow(
      input({
        claim: { ...manualClaim, phase: "Bound", bindCompleted: true, capacity: "10Gi" },
        pv: {
          ...manualPv,
          phase: "Bound",
          lastPhaseTransitionTime: at(2),
          claim: { namespace: "team-a", name: "mysql" },
        },
        storageClass: undefined,
        classes: [],
        pods: [runningPod({ claims: ["mysql"] })],
        events: [
          ev("SuccessfulMountVolume", "Pod", "app-0", 14, { message: 'volume "pv-manual-10g"' }),
        ],
      }),
    );
    expect(f.steps.every((s) => s.status === "done")).toBe(true);
    expect(step(f, "bound")).toMatchObject({ at: at(2), durationMs: 2000 });
    expect(step(f, "bound").reason).toContain("10Gi");
  });

  it("says which fields differ when no volume matches", () => {
    const c = claim({
      name: "big",
      requested: "30Gi",
      storageClass: "manual",
      accessModes: ["ReadWriteMany"],
    });
    const f = deriveClaimFlow(
      input({ claim: c, storageClass: undefined, classes: [], volumes: [manualPv] }),
    );
    expect(f.kind).toBe("manual");
    expect(f.stalled).toBe(true);
    const s = step(f, "pv-available");
    expect(s.status).toBe("stalled");
    expect(s.reason).toContain("pv-manual-10g");
    expect(s.reason).toContain("too small");
    expect(s.reason).toContain("ReadWriteMany");
  });

  it("reports a named volume that does not exist", () => {
    const f = deriveClaimFlow(
      input({ claim: manualClaim, storageClass: undefined, classes: [], volumes: [] }),
    );
    expect(step(f, "pv-available").reason).toContain('"pv-manual-10g", which does not exist');
  });

  it("reports a class that does not exist", () => {
    const c = claim({ name: "ghost", storageClass: "no-such-class" });
    const f = deriveClaimFlow(
      input({
        claim: c,
        storageClass: undefined,
        classes: [cls()],
        events: [
          ev("ProvisioningFailed", "PersistentVolumeClaim", "ghost", 1, {
            message: 'storageclass.storage.k8s.io "no-such-class" not found',
          }),
        ],
      }),
    );
    expect(f.stalled).toBe(true);
    expect(f.current?.reason).toContain('"no-such-class" does not exist');
    expect(f.current?.hint).toMatch(/classes/);
  });

  it("reports a claim without class when the cluster has no default", () => {
    const f = deriveClaimFlow(
      input({
        claim: claim({ storageClass: undefined }),
        storageClass: undefined,
        classes: [cls()],
      }),
    );
    expect(f.current?.reason).toMatch(/no default class/);
    const withDefault = deriveClaimFlow(
      input({
        claim: claim({ storageClass: undefined }),
        storageClass: undefined,
        classes: [cls({ isDefault: true })],
      }),
    );
    expect(withDefault.current?.reason ?? "").not.toMatch(/no default class/);
  });

  it("treats a no-provisioner class as manual", () => {
    const local = cls({ name: "local", provisioner: "kubernetes.io/no-provisioner" });
    expect(flowKind(input({ claim: claim({ storageClass: "local" }), storageClass: local }))).toBe(
      "manual",
    );
  });
});

describe("expansion", () => {
  const bound = claim({
    phase: "Bound",
    volumeName: "pvc-1234",
    provisioner: "p",
    selectedNode: "n",
    bindCompleted: true,
  });

  it("adds resize steps while the requested size exceeds the capacity", () => {
    const f = deriveClaimFlow(
      input({
        claim: { ...bound, requested: "30Gi", capacity: "20Gi" },
        pv: pv(),
        pods: [runningPod()],
        events: [
          ev("ExternalExpanding", "PersistentVolumeClaim", "data", 40, {
            message: "waiting for an external controller to expand this PVC",
          }),
        ],
      }),
    );
    expect(step(f, "resize-requested")).toMatchObject({ status: "done", at: at(40) });
    expect(step(f, "resize-done").status).toBe("stalled");
    expect(step(f, "resize-done").reason).toContain("external controller");
  });

  it("marks the resize done once capacity caught up", () => {
    const f = deriveClaimFlow(
      input({
        claim: { ...bound, requested: "30Gi", capacity: "30Gi" },
        pv: pv({ capacity: "30Gi" }),
        pods: [runningPod()],
        events: [
          ev("Resizing", "PersistentVolumeClaim", "data", 40),
          ev("FileSystemResizeSuccessful", "PersistentVolumeClaim", "data", 45),
        ],
      }),
    );
    expect(step(f, "resize-done")).toMatchObject({ status: "done", at: at(45), durationMs: 5000 });
  });

  it("adds nothing when no resize happened", () => {
    const f = deriveClaimFlow(
      input({ claim: { ...bound, requested: "20Gi", capacity: "20Gi" }, pv: pv() }),
    );
    expect(f.steps.some((s) => s.id.startsWith("resize"))).toBe(false);
  });
});

describe("formatDuration", () => {
  it("is readable at every scale", () => {
    expect(formatDuration(250)).toBe("250 ms");
    expect(formatDuration(4_000)).toBe("4s");
    expect(formatDuration(125_000)).toBe("2m 5s");
    expect(formatDuration(2 * 3600_000 + 60_000)).toBe("2h 1m");
    expect(formatDuration(undefined)).toBe("");
    expect(T0).toBeGreaterThan(0);
  });
});

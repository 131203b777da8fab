import { describe, expect, it } from "vitest";
import { deriveClaimFlow } from "./steps";
import { deriveWorkloadFlow, type FlowWorkload } from "./workload-steps";
import { at, claim, ev, input, pod, pv, runningPod } from "./fixtures.test-helpers";

const deployment: FlowWorkload = {
  kind: "Deployment",
  namespace: "team-a",
  name: "mysql",
  createdAt: at(4),
  claims: ["data"],
  podOwners: ["mysql-7d9f"],
};

describe("deriveWorkloadFlow", () => {
  it("runs through workload, pod, claim and pod steps", () => {
    const p = runningPod({ owner: { kind: "ReplicaSet", name: "mysql-7d9f" } });
    const boundClaim = claim({
      phase: "Bound",
      volumeName: "pvc-1234",
      provisioner: "p",
      selectedNode: "n",
      bindCompleted: true,
      capacity: "20Gi",
    });
    const events = [
      ev("SuccessfulMountVolume", "Pod", "app-0", 14, { message: 'volume "pvc-1234"' }),
    ];
    const cf = deriveClaimFlow(input({ claim: boundClaim, pv: pv(), pods: [p], events }));
    const f = deriveWorkloadFlow({
      workload: deployment,
      claimFlows: [{ name: "data", flow: cf }],
      pods: [p, pod({ name: "other", owner: { kind: "ReplicaSet", name: "x" } })],
      volumes: [pv()],
      events,
      now: Date.now(),
    });
    expect(f.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      "workload-created:done",
      "pod-created:done",
      "claims-bound:done",
      "pod-scheduled:done",
      "volume-attached:skipped",
      "volume-mounted:done",
      "container-running:done",
    ]);
    expect(f.pod).toBe("app-0");
    expect(f.steps[2]?.at).toBe(at(12));
  });

  it("explains a StatefulSet whose claim the quota refused", () => {
    const sts: FlowWorkload = {
      kind: "StatefulSet",
      namespace: "team-a",
      name: "db",
      createdAt: at(0),
      claims: ["data-db-0"],
      podOwners: ["db"],
    };
    const f = deriveWorkloadFlow({
      workload: sts,
      claimFlows: [{ name: "data-db-0", flow: undefined }],
      pods: [],
      events: [
        ev("FailedCreate", "StatefulSet", "db", 1, {
          message:
            'create Claim data-db-0 for Pod db-0 in StatefulSet db failed error: persistentvolumeclaims "data-db-0" is forbidden: exceeded quota: storage, requested: requests.storage=200Gi, used: requests.storage=0, limited: requests.storage=100Gi',
        }),
      ],
      now: Date.now(),
    });
    expect(f.stalled).toBe(true);
    expect(f.current?.id).toBe("pod-created");
    expect(f.current?.reason).toMatch(/quota refused it: exceeded quota: storage/);
  });

  it("passes a claim's stall through with the claim's name", () => {
    const p = pod({ owner: { kind: "ReplicaSet", name: "mysql-7d9f" } });
    const cf = deriveClaimFlow(
      input({ claim: claim({ storageClass: "nope" }), storageClass: undefined, pods: [p] }),
    );
    const f = deriveWorkloadFlow({
      workload: deployment,
      claimFlows: [{ name: "data", flow: cf }],
      pods: [p],
      events: [],
      now: Date.now(),
    });
    expect(f.current?.id).toBe("claims-bound");
    expect(f.current?.reason).toMatch(/^data: The storage class "nope" does not exist/);
  });

  it("skips the claim step for a workload without claims", () => {
    const f = deriveWorkloadFlow({
      workload: { ...deployment, claims: [] },
      claimFlows: [],
      pods: [],
      events: [],
      now: Date.now(),
    });
    expect(f.steps.find((s) => s.id === "claims-bound")?.status).toBe("skipped");
    expect(f.current?.id).toBe("pod-created");
  });
});

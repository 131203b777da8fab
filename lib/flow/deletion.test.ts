import { describe, expect, it } from "vitest";
import { deriveClaimDeletion, deriveTeardown, type ClaimDeletionInput, type TeardownInput } from "./deletion";
import { claimHoldups, volumeHoldups, EXTERNAL_PROVISIONER, PVC_PROTECTION, PV_PROTECTION } from "./finalizers";
import { deriveClaimFlow } from "./steps";
import { T0, at, claim, ev, input, pv, runningPod } from "./fixtures.test-helpers";

const deleting = claim({ phase: "Bound", volumeName: "pvc-1234", deleting: true, deletedAt: at(30), finalizers: [PVC_PROTECTION] });

const del = (over: Partial<ClaimDeletionInput> = {}): ClaimDeletionInput => ({
  namespace: "team-a",
  name: "data",
  claim: deleting,
  pv: pv(),
  volumeName: "pvc-1234",
  reclaimPolicy: "Delete",
  pods: [],
  events: [],
  now: T0 + 60_000,
  ...over,
});

const status = (f: { steps: { id: string; status: string }[] }) => Object.fromEntries(f.steps.map((s) => [s.id, s.status]));

describe("claim deletion", () => {
  it("is stuck while a running pod uses the claim, naming and linking the pod", () => {
    const f = deriveClaimDeletion(del({ pods: [runningPod({ name: "mysql-0" })] }));
    expect(f.stalled).toBe(true);
    expect(f.current?.id).toBe("pods-stopped");
    expect(f.current?.reason).toMatch(/^Stuck: used by pod mysql-0/);
    expect(f.current?.links).toEqual([{ label: "pod mysql-0", href: "/workloads/team-a/statefulset/app" }]);
  });

  it("is under way (not stuck) while the pod terminates", () => {
    const f = deriveClaimDeletion(del({ pods: [runningPod({ name: "mysql-0", deleting: true })] }));
    expect(f.stalled).toBe(false);
    expect(f.current?.reason).toMatch(/Waiting for pod mysql-0 to stop/);
  });

  it("ignores finished pods (pvc-protection does too)", () => {
    const f = deriveClaimDeletion(del({ pods: [runningPod({ phase: "Succeeded" })] }));
    expect(status(f)["pods-stopped"]).toBe("done");
    expect(f.current?.id).toBe("claim-removed");
  });

  it("follows to the end once claim and volume are gone (reclaim Delete)", () => {
    const f = deriveClaimDeletion(del({ claim: undefined, pv: undefined }));
    expect(status(f)).toEqual({ "deletion-requested": "done", "pods-stopped": "done", "claim-removed": "done", "volume-reclaimed": "done" });
    expect(f.steps.at(-1)?.label).toBe("Volume deleted");
  });

  it("with reclaim Retain ends with the volume kept as Released", () => {
    const f = deriveClaimDeletion(del({ claim: undefined, pv: pv({ phase: "Released", reclaimPolicy: "Retain" }), reclaimPolicy: "Retain" }));
    expect(f.steps.at(-1)).toMatchObject({ label: "Volume kept (Released)", status: "done" });
    expect(f.steps.at(-1)?.reason).toMatch(/kept as Released with its data/);
  });

  it("a volume held by the external provisioner's finalizer names the driver and its last event", () => {
    const stuckPv = pv({ phase: "Released", deleting: true, finalizers: [EXTERNAL_PROVISIONER], provisionedBy: "hostpath.csi.k8s.io" });
    const warn = ev("VolumeFailedDelete", "PersistentVolume", "pvc-1234", 50, { type: "Warning", message: "rpc error: backend unreachable" });
    const f = deriveClaimDeletion(del({ claim: undefined, pv: stuckPv, events: [warn] }));
    expect(f.stalled).toBe(true);
    expect(f.current?.reason).toContain("hostpath.csi.k8s.io has not finished deleting");
    expect(f.current?.reason).toContain("VolumeFailedDelete: rpc error: backend unreachable");
    expect(f.current?.hint).toMatch(/cluster admin/);
  });

  it("a failed reclaim is a stall with the volume's message", () => {
    const f = deriveClaimDeletion(del({ claim: undefined, pv: pv({ phase: "Failed", message: "host_path deleter only supports /tmp" }) }));
    expect(f.current).toMatchObject({ id: "volume-reclaimed", status: "stalled" });
    expect(f.current?.reason).toContain("host_path deleter only supports /tmp");
  });

  it("shows in the claim's own flow while it is being deleted", () => {
    const f = deriveClaimFlow(input({ claim: deleting, pv: pv(), pods: [runningPod({ name: "mysql-0" })] }));
    expect(f.steps.map((s) => s.id)).toContain("claim-removed");
    expect(f.current?.reason).toMatch(/Stuck: used by pod mysql-0/);
  });
});

describe("finalizer explanations", () => {
  it("pv-protection: the claim still bound, linked", () => {
    const [h] = volumeHoldups({ name: "pv1", phase: "Bound", finalizers: [PV_PROTECTION], claim: { namespace: "team-a", name: "data" } }, []);
    expect(h).toMatchObject({ stuck: true, links: [{ label: "claim team-a/data", href: "/claims/team-a/data" }] });
    expect(h?.reason).toMatch(/claim team-a\/data is still bound/);
    const [free] = volumeHoldups({ name: "pv1", phase: "Released", finalizers: [PV_PROTECTION] }, []);
    expect(free?.stuck).toBe(false);
  });

  it("snapshot and unknown finalizers say who holds the claim and never offer to remove it", () => {
    const hs = claimHoldups({ namespace: "team-a", name: "data", finalizers: ["snapshot.storage.kubernetes.io/pvc-as-source-protection", "example.com/backup"] }, [], []);
    expect(hs[0]?.reason).toMatch(/snapshot/);
    expect(hs[1]).toMatchObject({ stuck: true });
    expect(hs[1]?.hint).toMatch(/never removes finalizers/);
  });
});

describe("workload teardown", () => {
  const plan: TeardownInput["plan"] = {
    mode: "scale",
    kind: "StatefulSet",
    namespace: "team-a",
    name: "web",
    from: 3,
    to: 1,
    pods: ["web-1", "web-2"],
    claims: [
      { claim: "data-web-1", fate: "deleted", why: "", data: "", volume: "pv-1", reclaimPolicy: "Delete" },
      { claim: "data-web-2", fate: "deleted", why: "", data: "", volume: "pv-2", reclaimPolicy: "Retain" },
    ],
  };
  const td = (over: Partial<TeardownInput> = {}): TeardownInput => ({
    plan,
    workload: { replicas: 1, deleting: false },
    pods: [],
    claims: {},
    volumes: {},
    attachments: [],
    events: [],
    now: T0 + 60_000,
    ...over,
  });

  it("pods terminating first", () => {
    const f = deriveTeardown(td({ pods: [runningPod({ name: "web-2", deleting: true })] }));
    expect(status(f)["scaled-down"]).toBe("done");
    expect(f.current).toMatchObject({ id: "pods-stopped", status: "current" });
    expect(f.current?.reason).toContain("web-2 is terminating");
  });

  it("then the claims go and the volumes are deleted or kept as Released", () => {
    const claimLeft = { "data-web-1": claim({ name: "data-web-1", deleting: true, finalizers: [PVC_PROTECTION] }) };
    const mid = deriveTeardown(td({ claims: claimLeft, volumes: { "pv-1": pv({ name: "pv-1" }), "pv-2": pv({ name: "pv-2", phase: "Released", reclaimPolicy: "Retain" }) } }));
    expect(mid.current?.id).toBe("claims-released");
    const end = deriveTeardown(td({ volumes: { "pv-2": pv({ name: "pv-2", phase: "Released", reclaimPolicy: "Retain" }) } }));
    expect(end.steps.every((s) => s.status === "done" || s.status === "skipped")).toBe(true);
    expect(end.steps.find((s) => s.id === "volume-reclaimed")?.reason).toMatch(/pv-1 and its data are deleted.*pv-2 is kept as Released/);
  });

  it("a deletion whose kept claim becomes unused says so", () => {
    const f = deriveTeardown(
      td({
        plan: { ...plan, mode: "delete", kind: "Deployment", name: "db", pods: ["db-1"], claims: [{ claim: "mysql", fate: "unused", why: "", data: "", volume: "pv-0", reclaimPolicy: "Delete" }] },
        workload: undefined,
      }),
    );
    expect(status(f)).toMatchObject({ "deletion-requested": "done", "pods-stopped": "done", "claims-released": "done", "volume-reclaimed": "skipped" });
    expect(f.steps.find((s) => s.id === "claims-released")?.reason).toContain("mysql stays (unused: it shows up in the unused review)");
  });
});

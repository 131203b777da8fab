import { describe, expect, it } from "vitest";
import { snapshotFlow, type SnapshotFlowInput } from "./snapshot-steps";
import { modifyFlow, modifyPhase } from "./modify-steps";
import type { FlowEvent } from "./types";

const T0 = Date.parse("2026-12-01T09:00:00Z");
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const DRIVER = "local.csi.bindery.io";

function input(over: Partial<SnapshotFlowInput> = {}, snap: Partial<SnapshotFlowInput["snapshot"]> = {}): SnapshotFlowInput {
  return {
    crdsMissing: false,
    snapshot: { namespace: "team-a", name: "s1", createdAt: iso(0), sourceClaim: "db", className: "snaps", boundContentName: undefined, readyToUse: false, creationTime: undefined, error: undefined, ...snap },
    content: undefined,
    classes: [{ name: "snaps", driver: DRIVER, isDefault: true }],
    driver: DRIVER,
    events: [],
    now: T0 + 2000,
    ...over,
  };
}
const statuses = (i: SnapshotFlowInput) => snapshotFlow(i).map((s) => `${s.id}:${s.status}`);

describe("snapshot flow", () => {
  it("waits for the content right after the request", () => {
    expect(statuses(input())).toEqual(["snapshot-requested:done", "snapshot-content-created:current", "snapshot-ready:pending"]);
  });
  it("is done when the content is bound and the snapshot ready, with durations", () => {
    const steps = snapshotFlow(
      input({ content: { name: "snapcontent-1", createdAt: iso(1), readyToUse: true, error: undefined } }, { boundContentName: "snapcontent-1", readyToUse: true, creationTime: iso(2) }),
    );
    expect(steps.map((s) => s.status)).toEqual(["done", "done", "done"]);
    expect(steps[1]?.durationMs).toBe(1000);
    expect(steps[1]?.reason).toBe("Content snapcontent-1.");
  });
  it("stalls on missing CRDs at the request itself", () => {
    const steps = snapshotFlow(input({ crdsMissing: true }));
    expect(steps[0]?.status).toBe("stalled");
    expect(steps[0]?.reason).toMatch(/CRDs are missing/);
  });
  it("stalls when the named class does not exist or is for another driver", () => {
    expect(snapshotFlow(input({ classes: [] }))[1]?.reason).toBe("The snapshot class snaps does not exist.");
    const other = snapshotFlow(input({ classes: [{ name: "snaps", driver: "x.example.com", isDefault: true }] }))[1];
    expect(other?.status).toBe("stalled");
    expect(other?.reason).toMatch(/for driver x.example.com, but the claim's volume uses local.csi.bindery.io/);
  });
  it("stalls with no class named and no default for the driver", () => {
    const step = snapshotFlow(input({ classes: [] }, { className: undefined }))[1];
    expect(step?.status).toBe("stalled");
    expect(step?.reason).toBe("There is no snapshot class for driver local.csi.bindery.io.");
  });
  it("shows the controller's error and the driver's error", () => {
    expect(snapshotFlow(input({}, { error: { message: "claim db not bound", time: iso(1) } }))[1]?.reason).toMatch(/reported: claim db not bound/);
    const steps = snapshotFlow(
      input({ content: { name: "c", createdAt: iso(1), readyToUse: false, error: { message: "rpc error: disk full", time: iso(2) } } }, { boundContentName: "c" }),
    );
    expect(steps.map((s) => s.status)).toEqual(["done", "done", "stalled"]);
    expect(steps[2]?.reason).toBe("The driver reported: rpc error: disk full");
  });
  it("uses a Warning event from the snapshot controller", () => {
    const ev: FlowEvent = { type: "Warning", reason: "SnapshotContentCreationFailed", message: "no such class", involved: { kind: "VolumeSnapshot", name: "s1" }, source: "snapshot-controller", count: 1, firstAt: iso(1), lastAt: iso(1) };
    expect(snapshotFlow(input({ events: [ev] }))[1]?.reason).toBe("SnapshotContentCreationFailed: no such class");
  });
  it("hints at a missing controller after 30 s without content", () => {
    const step = snapshotFlow(input({ now: T0 + 31_000 }))[1];
    expect(step?.status).toBe("stalled");
    expect(step?.hint).toMatch(/snapshot controller running/);
  });
});

describe("attribute class change", () => {
  const s = { namespace: "team-a", name: "db", requested: "fast", current: "standard", target: "fast", status: "InProgress" };
  it("derives the phase from spec and status", () => {
    expect(modifyPhase({ ...s, requested: undefined })).toBe("none");
    expect(modifyPhase(s)).toBe("in-progress");
    expect(modifyPhase({ ...s, status: "Infeasible" })).toBe("infeasible");
    expect(modifyPhase({ ...s, current: "fast", status: undefined, target: undefined })).toBe("done");
    expect(modifyPhase({ ...s, status: undefined, target: undefined })).toBe("pending");
  });
  it("stalls an infeasible change with the driver's reason from the event", () => {
    const ev: FlowEvent = { type: "Warning", reason: "VolumeModifyFailed", message: "tier \"gold\" is not supported", involved: { kind: "PersistentVolumeClaim", name: "db" }, source: "external-resizer", count: 1, firstAt: iso(1), lastAt: iso(1) };
    const steps = modifyFlow({ ...s, requested: "gold", status: "Infeasible" }, [ev], T0);
    expect(steps.map((x) => x.status)).toEqual(["done", "stalled"]);
    expect(steps[1]?.reason).toBe('The driver refused: tier "gold" is not supported');
  });
  it("is done when the current class is the requested one", () => {
    expect(modifyFlow({ ...s, current: "fast", status: undefined }, [], T0).map((x) => x.status)).toEqual(["done", "done"]);
  });
});

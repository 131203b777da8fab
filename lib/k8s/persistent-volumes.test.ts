import { describe, expect, it } from "vitest";
import { queryVolumes, type PersistentVolumeRow } from "./persistent-volumes";

const row = (name: string, over: Partial<PersistentVolumeRow> = {}): PersistentVolumeRow => ({
  name,
  uid: name,
  resourceVersion: "1",
  phase: "Available",
  capacity: "1Gi",
  accessModes: ["ReadWriteOnce"],
  volumeMode: "Filesystem",
  reclaimPolicy: "Retain",
  storageClass: "manual",
  claim: undefined,
  source: { type: "hostPath", detail: `/tmp/${name}` },
  mountOptions: [],
  labels: {},
  nodeAffinity: undefined,
  reason: undefined,
  message: undefined,
  lastPhaseTransitionTime: undefined,
  createdAt: undefined,
  deleting: false,
  finalizers: [],
  provisionedBy: undefined,
  ...over,
});

describe("queryVolumes", () => {
  const all = [
    row("a", { phase: "Bound", claim: { namespace: "team-a", name: "mysql", uid: "1" } }),
    row("b", { phase: "Released", lastPhaseTransitionTime: "2026-01-02T00:00:00Z", claim: { namespace: "team-b", name: "old", uid: "2" } }),
    row("c", { phase: "Released", lastPhaseTransitionTime: "2026-01-01T00:00:00Z", storageClass: "hdd" }),
  ];

  it("searches name, claim, class and source, and counts phases before the phase filter", () => {
    expect(queryVolumes(all, { q: "team-a/mys" }).rows.map((r) => r.name)).toEqual(["a"]);
    expect(queryVolumes(all, { q: "HDD" }).rows.map((r) => r.name)).toEqual(["c"]);
    const r = queryVolumes(all, { phase: "Bound" });
    expect(r.rows.map((x) => x.name)).toEqual(["a"]);
    expect(r.phaseCounts).toEqual({ Bound: 1, Released: 2 });
  });

  it("lists Released volumes longest-released first, and filters by class", () => {
    expect(queryVolumes(all, { phase: "Released" }).rows.map((r) => r.name)).toEqual(["c", "b"]);
    expect(queryVolumes(all, { storageClass: "manual" }).rows.map((r) => r.name)).toEqual(["a", "b"]);
  });
});

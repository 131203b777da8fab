import { describe, expect, it } from "vitest";
import { addSummary, type SummaryDoc } from "./summary";
import type { VolumeUsage } from "./types";

const doc: SummaryDoc = {
  node: { nodeName: "n1" },
  pods: [
    {
      podRef: { name: "db-0", namespace: "team-a" },
      volume: [
        { name: "data", pvcRef: { name: "db", namespace: "team-a" }, time: "2026-12-01T10:00:00Z", usedBytes: 5, capacityBytes: 100, availableBytes: 95, inodes: 64, inodesUsed: 3 },
        { name: "tmp", usedBytes: 1, capacityBytes: 2 }, // emptyDir: no pvcRef
        { name: "nfs", pvcRef: { name: "shared", namespace: "team-a" } }, // driver reports nothing
      ],
    },
    { podRef: { name: "bare" } },
  ],
};

describe("addSummary", () => {
  it("keeps claims with byte figures, keyed namespace/name", () => {
    const m = new Map<string, VolumeUsage>();
    addSummary(m, doc, 1);
    expect([...m.keys()]).toEqual(["team-a/db"]);
    expect(m.get("team-a/db")).toEqual({ usedBytes: 5, capacityBytes: 100, availableBytes: 95, inodes: 64, inodesUsed: 3, at: Date.parse("2026-12-01T10:00:00Z") });
  });
  it("derives available bytes and uses the fallback time when absent", () => {
    const m = new Map<string, VolumeUsage>();
    addSummary(m, { pods: [{ volume: [{ pvcRef: { name: "c", namespace: "n" }, usedBytes: 30, capacityBytes: 100 }] }] }, 42);
    expect(m.get("n/c")).toEqual({ usedBytes: 30, capacityBytes: 100, availableBytes: 70, at: 42 });
  });
  it("keeps the newest figure of a claim seen on two nodes", () => {
    const m = new Map<string, VolumeUsage>();
    const vol = (t: string, used: number) => ({ pods: [{ volume: [{ pvcRef: { name: "c", namespace: "n" }, time: t, usedBytes: used, capacityBytes: 100 }] }] });
    addSummary(m, vol("2026-12-01T10:00:05Z", 7), 0);
    addSummary(m, vol("2026-12-01T10:00:01Z", 3), 0);
    expect(m.get("n/c")?.usedBytes).toBe(7);
  });
  it("tolerates an empty document", () => {
    const m = new Map<string, VolumeUsage>();
    addSummary(m, {}, 0);
    expect(m.size).toBe(0);
  });
});

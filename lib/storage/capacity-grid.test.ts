import { describe, expect, it } from "vitest";
import { capacityGrid, segmentLabel } from "./capacity-grid";

describe("free capacity grid", () => {
  it("labels node segments by node and groups cells per node and class", () => {
    expect(segmentLabel(["topology.local.csi.bindery.io/node=bindery-node-1"])).toBe("bindery-node-1");
    expect(segmentLabel([])).toBe("(everywhere)");
    expect(segmentLabel(["zone=a", "rack=2"])).toBe("zone=a, rack=2");
    const g = capacityGrid([
      { storageClassName: "fast", capacity: "10Gi", maximumVolumeSize: "5Gi", topology: ["t/node=n2"] },
      { storageClassName: "fast", capacity: "20Gi", maximumVolumeSize: undefined, topology: ["t/node=n1"] },
      { storageClassName: "bulk", capacity: "1Ti", maximumVolumeSize: undefined, topology: ["t/node=n1"] },
    ]);
    expect(g.classes).toEqual(["bulk", "fast"]);
    expect(g.rows.map((r) => r.segment)).toEqual(["n1", "n2"]);
    expect(g.rows[0]!.cells.fast).toEqual({ freeBytes: 20 * 2 ** 30, maxVolumeBytes: undefined });
    expect(g.rows[1]!.cells.bulk).toBeUndefined();
    expect(g.maxFreeBytes).toBe(2 ** 40);
  });
});

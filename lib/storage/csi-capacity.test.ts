import { describe, expect, it } from "vitest";
import { capacityForDriver, freePerClass } from "./csi-capacity";

const classes = [
  { name: "local", provisioner: "local.csi.bindery.io" },
  { name: "other", provisioner: "x.example.com" },
];
const rows = [
  { storageClassName: "local", capacity: "100Gi", maximumVolumeSize: undefined, topology: ["topology.local.csi.bindery.io/node=n2"] },
  { storageClassName: "local", capacity: "40Gi", maximumVolumeSize: "40Gi", topology: ["topology.local.csi.bindery.io/node=n1"] },
  { storageClassName: "other", capacity: "1Ti", maximumVolumeSize: undefined, topology: [] },
];

describe("CSI capacity per driver", () => {
  it("keeps the driver's classes, per segment, sorted", () => {
    const got = capacityForDriver(rows, classes, "local.csi.bindery.io");
    expect(got.map((r) => r.segment)).toEqual(["topology.local.csi.bindery.io/node=n1", "topology.local.csi.bindery.io/node=n2"]);
    expect(got[0]).toMatchObject({ freeBytes: 40 * 2 ** 30, maxVolumeBytes: 40 * 2 ** 30 });
    expect(capacityForDriver(rows, classes, "x.example.com")[0]?.segment).toBe("(everywhere)");
  });
  it("sums free bytes per class", () => {
    expect(freePerClass(capacityForDriver(rows, classes, "local.csi.bindery.io"))).toEqual({ local: 140 * 2 ** 30 });
  });
});

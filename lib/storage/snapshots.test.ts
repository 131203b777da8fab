import { describe, expect, it } from "vitest";
import {
  buildCloneClaim,
  buildRestoreClaim,
  buildVolumeSnapshot,
  dataSourceText,
  defaultClassFor,
  deletionPolicyText,
  driversWithSeveralDefaults,
  isExpired,
  missingSnapshotKinds,
  otherDefaultsOfDriver,
  retentionDate,
  snapshotUnavailableReason,
} from "./snapshots";

const classes = [
  { name: "a-default", driver: "local.csi.bindery.io", isDefault: true },
  { name: "a-other", driver: "local.csi.bindery.io", isDefault: false },
  { name: "b-only", driver: "other.csi.example.com", isDefault: false },
];

describe("snapshot classes per driver", () => {
  it("preselects the driver's default, else its only class, else nothing", () => {
    expect(defaultClassFor(classes, "local.csi.bindery.io")).toBe("a-default");
    expect(defaultClassFor(classes, "other.csi.example.com")).toBe("b-only");
    expect(defaultClassFor(classes, "kubernetes.io/host-path")).toBeUndefined();
    expect(defaultClassFor(classes, undefined)).toBeUndefined();
  });
  it("has no preselection when a driver has two defaults, and reports the driver", () => {
    const two = [...classes, { name: "a-second", driver: "local.csi.bindery.io", isDefault: true }];
    expect(defaultClassFor(two, "local.csi.bindery.io")).toBeUndefined();
    expect(driversWithSeveralDefaults(two)).toEqual(["local.csi.bindery.io"]);
    expect(driversWithSeveralDefaults(classes)).toEqual([]);
  });
  it("clears only other defaults of the same driver", () => {
    const list = [...classes, { name: "b-default", driver: "other.csi.example.com", isDefault: true }];
    expect(otherDefaultsOfDriver(list, "a-other", "local.csi.bindery.io")).toEqual(["a-default"]);
    expect(otherDefaultsOfDriver(list, "a-default", "local.csi.bindery.io")).toEqual([]);
  });
});

describe("discovery", () => {
  it("lists the kinds discovery lacks", () => {
    expect(missingSnapshotKinds(undefined)).toEqual(["volumesnapshots", "volumesnapshotclasses", "volumesnapshotcontents"]);
    expect(missingSnapshotKinds({ resources: [{ name: "volumesnapshots" }, { name: "volumesnapshots/status" }, { name: "volumesnapshotclasses" }] })).toEqual(["volumesnapshotcontents"]);
    expect(missingSnapshotKinds({ resources: [{ name: "volumesnapshots" }, { name: "volumesnapshotclasses" }, { name: "volumesnapshotcontents" }] })).toEqual([]);
  });
  it("explains in one line what is missing", () => {
    expect(snapshotUnavailableReason(["volumesnapshots"], ["x"])).toMatch(/lacks the VolumeSnapshot CRDs \(volumesnapshots\)/);
    expect(snapshotUnavailableReason([], [])).toMatch(/no CSI driver/);
    expect(snapshotUnavailableReason([], ["local.csi.bindery.io"])).toBeUndefined();
  });
});

describe("objects sent", () => {
  it("builds a snapshot of a claim with restore defaults and kept annotations", () => {
    const s = buildVolumeSnapshot({
      namespace: "team-a",
      name: "db-1",
      claim: "db",
      className: "a-default",
      source: { storageClass: "fast", accessModes: ["ReadWriteOnce"] },
      kept: { by: "bob", fromClaim: "db", until: "2027-01-31" },
    });
    expect(s).toEqual({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshot",
      metadata: {
        name: "db-1",
        namespace: "team-a",
        labels: { "bindery.io/kept": "true" },
        annotations: {
          "bindery.io/source-storage-class": "fast",
          "bindery.io/source-access-modes": "ReadWriteOnce",
          "bindery.io/kept-by": "bob",
          "bindery.io/kept-from-claim": "db",
          "bindery.io/keep-until": "2027-01-31",
        },
      },
      spec: { volumeSnapshotClassName: "a-default", source: { persistentVolumeClaimName: "db" } },
    });
  });
  it("leaves the class out when none is chosen (the cluster's default then applies)", () => {
    const s = buildVolumeSnapshot({ namespace: "n", name: "s", claim: "c" });
    expect(s.spec).toEqual({ source: { persistentVolumeClaimName: "c" } });
    expect(s.metadata.annotations).toBeUndefined();
  });
  it("restores into a claim with a VolumeSnapshot dataSource", () => {
    const c = buildRestoreClaim({ namespace: "n", name: "r", storageClass: "fast", size: "2Gi", accessModes: ["ReadWriteOnce"], snapshot: "s1" });
    expect(c.spec.dataSource).toEqual({ apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "s1" });
    expect(c.spec.resources.requests.storage).toBe("2Gi");
    expect(c.metadata).toEqual({ name: "r", namespace: "n" });
  });
  it("clones with a core PersistentVolumeClaim dataSource (no apiGroup)", () => {
    const c = buildCloneClaim({ namespace: "n", name: "copy", storageClass: "fast", size: "1Gi", accessModes: ["ReadWriteOnce"], volumeMode: "Filesystem", source: "orig" });
    expect(c.spec.dataSource).toEqual({ kind: "PersistentVolumeClaim", name: "orig" });
    expect(c.spec.volumeMode).toBe("Filesystem");
  });
  it("says where a claim's data comes from", () => {
    expect(dataSourceText({ kind: "VolumeSnapshot", name: "s1" })).toBe("Its data comes from snapshot s1.");
    expect(dataSourceText({ kind: "PersistentVolumeClaim", name: "db" })).toMatch(/claim db \(a clone\)/);
    expect(dataSourceText(undefined)).toBeUndefined();
  });
});

describe("retention", () => {
  const now = new Date("2026-12-01T09:00:00Z");
  it("counts the retention day itself as kept", () => {
    expect(isExpired("2026-12-01", now)).toBe(false);
    expect(isExpired("2026-11-30", now)).toBe(true);
    expect(isExpired("2027-01-01", now)).toBe(false);
  });
  it("never calls a snapshot expired without a readable date", () => {
    expect(isExpired(undefined, now)).toBe(false);
    expect(isExpired("soon", now)).toBe(false);
  });
  it("computes a date N days ahead", () => {
    expect(retentionDate(now, 30)).toBe("2026-12-31");
  });
  it("words deletion policies", () => {
    expect(deletionPolicyText("Delete")).toMatch(/data in it is gone/);
    expect(deletionPolicyText("Retain")).toMatch(/stays on the storage system/);
  });
});

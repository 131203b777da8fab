import { describe, expect, it } from "vitest";
import { cloneSchema, keepUntilSchema, restoreSchema, takeSnapshotSchema } from "./snapshot";
import { attributesClassDraft, attributesClassSchema, buildAttributesClass, buildSnapshotClass, changedImmutableSnapshotFields, snapshotClassDraft, snapshotClassSchema, snapshotClassValues } from "./snapshot-class";

const errs = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("take snapshot", () => {
  it("needs a class and valid names", () => {
    const r = takeSnapshotSchema.safeParse({ namespace: "team-a", claim: "db", name: "Bad_Name", className: "" });
    expect(errs(r)).toMatchObject({ name: expect.stringMatching(/lowercase/), className: "Choose a snapshot class." });
    expect(takeSnapshotSchema.safeParse({ namespace: "team-a", claim: "db", name: "db-1", className: "c" }).success).toBe(true);
  });
});

describe("restore", () => {
  const base = { namespace: "team-a", snapshot: "s1", name: "restored", storageClass: "fast", restoreSize: "1Gi", accessModes: "ReadWriteOnce" };
  it("refuses a size below the snapshot's restoreSize", () => {
    const r = restoreSchema.safeParse({ ...base, size: "500Mi" });
    expect(errs(r).size).toBe("The snapshot holds 1Gi: the new claim must be at least that big.");
  });
  it("accepts an equal or larger size and parses access modes", () => {
    const r = restoreSchema.safeParse({ ...base, size: "1024Mi" });
    expect(r.success).toBe(true);
    expect(r.data?.accessModes).toEqual(["ReadWriteOnce"]);
    expect(restoreSchema.safeParse({ ...base, size: "2Gi" }).success).toBe(true);
  });
  it("accepts any size while the restore size is not known yet", () => {
    expect(restoreSchema.safeParse({ ...base, restoreSize: "", size: "1Mi" }).success).toBe(true);
  });
  it("rejects unknown access modes and a missing class", () => {
    const r = restoreSchema.safeParse({ ...base, size: "1Gi", storageClass: " ", accessModes: "ReadWriteSometimes" });
    expect(Object.keys(errs(r)).sort()).toEqual(["accessModes.0", "storageClass"]);
  });
});

describe("clone", () => {
  it("needs at least the source's size and its own name", () => {
    const r = cloneSchema.safeParse({ namespace: "team-a", source: "db", name: "db", size: "512Mi", sourceSize: "1Gi" });
    expect(errs(r)).toMatchObject({ name: "The clone needs a name of its own.", size: expect.stringMatching(/source claim is 1Gi/) });
    expect(cloneSchema.safeParse({ namespace: "team-a", source: "db", name: "db-copy", size: "1Gi", sourceSize: "1Gi" }).success).toBe(true);
  });
});

describe("retention date", () => {
  it("refuses past and malformed dates", () => {
    const s = keepUntilSchema("2026-12-01");
    expect(s.safeParse("2026-11-30").success).toBe(false);
    expect(s.safeParse("tomorrow").success).toBe(false);
    expect(s.safeParse("2026-12-01").success).toBe(true);
  });
});

describe("snapshot class form", () => {
  const values = { name: "fast-snaps", driver: "local.csi.bindery.io", deletionPolicy: "Retain", isDefault: "true", description: "Nightly", "parameters.0.key": "compress", "parameters.0.value": "gzip" };
  it("builds the object shown and sent", () => {
    const d = snapshotClassDraft(values);
    expect(snapshotClassSchema.safeParse(d).success).toBe(true);
    expect(buildSnapshotClass(d)).toEqual({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotClass",
      metadata: { name: "fast-snaps", annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true", "bindery.io/description": "Nightly" } },
      driver: "local.csi.bindery.io",
      parameters: { compress: "gzip" },
      deletionPolicy: "Retain",
    });
  });
  it("keeps driver and parameters of the class on edit, whatever the form says", () => {
    const base = buildSnapshotClass(snapshotClassDraft(values));
    base.metadata.resourceVersion = "7";
    base.metadata.annotations = { ...base.metadata.annotations, "team/owner": "ops" };
    const edited = buildSnapshotClass(snapshotClassDraft({ ...values, driver: "evil", "parameters.0.value": "none", isDefault: "", deletionPolicy: "Delete" }), base);
    expect(edited.driver).toBe("local.csi.bindery.io");
    expect(edited.parameters).toEqual({ compress: "gzip" });
    expect(edited.deletionPolicy).toBe("Delete");
    expect(edited.metadata.resourceVersion).toBe("7");
    expect(edited.metadata.annotations).toEqual({ "bindery.io/description": "Nightly", "team/owner": "ops" });
  });
  it("replace takes driver and parameters from the form, keeps annotations, and sends no version", () => {
    const base = buildSnapshotClass(snapshotClassDraft(values));
    base.metadata.resourceVersion = "7";
    base.metadata.uid = "u1";
    base.metadata.annotations = { ...base.metadata.annotations, "team/owner": "ops" };
    const next = snapshotClassDraft({ ...values, driver: "other.csi.io", "parameters.0.value": "zstd" });
    expect(changedImmutableSnapshotFields(next, base)).toEqual(["driver", "parameters"]);
    expect(changedImmutableSnapshotFields(snapshotClassDraft({ ...values, deletionPolicy: "Delete" }), base)).toEqual([]);
    const replaced = buildSnapshotClass(next, base, "replace");
    expect(replaced).toMatchObject({ driver: "other.csi.io", parameters: { compress: "zstd" } });
    expect(replaced.metadata).toEqual({ name: "fast-snaps", annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true", "bindery.io/description": "Nightly", "team/owner": "ops" } });
  });
  it("round-trips through form values", () => {
    const obj = buildSnapshotClass(snapshotClassDraft(values));
    expect(buildSnapshotClass(snapshotClassDraft(snapshotClassValues(obj)))).toEqual(obj);
  });
  it("flags a bad deletion policy and a duplicate parameter", () => {
    const r = snapshotClassSchema.safeParse(snapshotClassDraft({ ...values, deletionPolicy: "Keep", "parameters.1.key": "compress", "parameters.1.value": "x" }));
    expect(Object.keys(errs(r)).sort()).toEqual(["deletionPolicy", "parameters.1.key"]);
  });
});

describe("attributes class form", () => {
  it("needs a driver and at least one parameter", () => {
    const r = attributesClassSchema.safeParse(attributesClassDraft({ name: "gold", driverName: "" }));
    expect(Object.keys(errs(r)).sort()).toEqual(["driverName", "parameters"]);
  });
  it("builds a storage.k8s.io/v1 object", () => {
    const d = attributesClassDraft({ name: "fast", driverName: "local.csi.bindery.io", "parameters.0.key": "tier", "parameters.0.value": "fast" });
    expect(attributesClassSchema.safeParse(d).success).toBe(true);
    expect(buildAttributesClass(d)).toEqual({ apiVersion: "storage.k8s.io/v1", kind: "VolumeAttributesClass", metadata: { name: "fast" }, driverName: "local.csi.bindery.io", parameters: { tier: "fast" } });
  });
});

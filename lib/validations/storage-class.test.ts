import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "@/lib/actions/result";
import {
  DEFAULT_CLASS_ANNOTATION,
  DESCRIPTION_ANNOTATION,
  buildStorageClass,
  changedImmutableFields,
  keyValueRows,
  storageClassDraft,
  storageClassSchema,
  storageClassValues,
  type StorageClassObject,
} from "./storage-class";

const ssd = {
  name: "ssd",
  provisioner: "kubernetes.io/host-path",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
  allowVolumeExpansion: "true",
  description: "Fast local disks",
  "parameters.0.key": "type",
  "parameters.0.value": "fast",
};

function errors(values: Record<string, string>) {
  const r = storageClassSchema.safeParse(storageClassDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
}

describe("storage class form", () => {
  it("accepts a complete form and builds the object that is sent", () => {
    const r = storageClassSchema.safeParse(storageClassDraft({ ...ssd, mountOptions: "noatime\n\nnfsvers=4.1", isDefault: "true" }));
    expect(r.success).toBe(true);
    const sc = buildStorageClass(r.data!);
    expect(sc).toEqual({
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: "ssd", annotations: { [DEFAULT_CLASS_ANNOTATION]: "true", [DESCRIPTION_ANNOTATION]: "Fast local disks" } },
      provisioner: "kubernetes.io/host-path",
      parameters: { type: "fast" },
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
      mountOptions: ["noatime", "nfsvers=4.1"],
    });
  });

  it("reports each bad field under its form name", () => {
    const e = errors({
      ...ssd,
      name: "Fast_SSD",
      provisioner: "",
      "parameters.0.key": "bad key!",
      "parameters.3.key": "type",
      "parameters.3.value": "x",
      mountOptions: "ro\nrw, sync",
      reclaimPolicy: "Recycle",
    });
    expect(e.name).toMatch(/lowercase/);
    expect(e.provisioner).toMatch(/Choose a provisioner/);
    expect(e["parameters.0.key"]).toMatch(/letters, digits/);
    expect(e.mountOptions).toMatch(/Line 2/);
    expect(e.reclaimPolicy).toBe("Choose Delete or Retain.");
  });

  it("refuses a parameter key given twice, pointing at the second row", () => {
    const e = errors({ ...ssd, "parameters.7.key": "type", "parameters.7.value": "slow" });
    expect(e["parameters.1.key"]).toMatch(/already set/);
    expect(e["parameters.0.key"]).toBeUndefined();
  });

  it("keeps parameter rows in row-id order and drops blank rows", () => {
    expect(keyValueRows({ "parameters.10.key": "b", "parameters.2.key": "a", "parameters.2.value": "1", "parameters.5.key": "", "parameters.5.value": " " }, "parameters")).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "" },
    ]);
  });

  it("round-trips an existing class through the edit form", () => {
    const current: StorageClassObject = buildStorageClass(storageClassSchema.parse(storageClassDraft(ssd)));
    expect(storageClassDraft(storageClassValues(current))).toEqual(storageClassDraft(ssd));
  });
});

describe("edit and replace", () => {
  const base: StorageClassObject = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: {
      name: "ssd",
      uid: "u-1",
      resourceVersion: "41",
      labels: { tier: "fast" },
      annotations: { "example.com/owner": "storage-team", [DEFAULT_CLASS_ANNOTATION]: "true", "storageclass.beta.kubernetes.io/is-default-class": "true" },
    },
    provisioner: "kubernetes.io/host-path",
    parameters: { type: "fast" },
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: false,
    allowedTopologies: [{ matchLabelExpressions: [{ key: "zone", values: ["a"] }] }],
  };

  it("update keeps what the form does not manage and sends the version the edit started from", () => {
    const input = storageClassSchema.parse(storageClassDraft({ ...storageClassValues(base), allowVolumeExpansion: "true", isDefault: "" }));
    const sent = buildStorageClass(input, { mode: "update", base, resourceVersion: "40" });
    expect(sent.metadata).toEqual({ name: "ssd", uid: "u-1", resourceVersion: "40", labels: { tier: "fast" }, annotations: { "example.com/owner": "storage-team" } });
    expect(sent.allowVolumeExpansion).toBe(true);
    expect(sent.allowedTopologies).toEqual(base.allowedTopologies);
  });

  it("replace builds a fresh object without uid or resourceVersion", () => {
    const input = storageClassSchema.parse(storageClassDraft({ ...storageClassValues(base), volumeBindingMode: "Immediate" }));
    const sent = buildStorageClass(input, { mode: "replace", base });
    expect(sent.metadata.uid).toBeUndefined();
    expect(sent.metadata.resourceVersion).toBeUndefined();
    expect(sent.metadata.labels).toEqual({ tier: "fast" });
    expect(sent.volumeBindingMode).toBe("Immediate");
  });

  it("names the immutable fields a form changes", () => {
    const same = storageClassDraft(storageClassValues(base));
    expect(changedImmutableFields(same, base)).toEqual([]);
    const changed = storageClassDraft({ ...storageClassValues(base), reclaimPolicy: "Retain", "parameters.0.value": "slow", allowVolumeExpansion: "true" });
    expect(changedImmutableFields(changed, base)).toEqual(["parameters", "reclaimPolicy"]);
  });
});

import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "@/lib/actions/result";
import { claimsForVolume } from "@/lib/storage/pv-matching";
import { buildPersistentVolume, matchableDraft, persistentVolumeDraft, persistentVolumeSchema } from "./persistent-volume";

const manual = {
  name: "pv-manual-10g",
  capacity: "10Gi",
  accessModes: "ReadWriteOnce",
  volumeMode: "Filesystem",
  reclaimPolicy: "Retain",
  storageClassName: "manual",
  sourceType: "hostPath",
  "hostPath.path": "/tmp/hostpath_pv/manual-10g",
  "hostPath.shared": "true",
};

function errors(values: Record<string, string>) {
  const r = persistentVolumeSchema.safeParse(persistentVolumeDraft(values));
  return r.success ? {} : zodFieldErrors(r.error);
}

describe("persistent volume form", () => {
  it("asks to reserve a host path for one claim unless the admin marks it as shared", () => {
    const unshared = { ...manual, "hostPath.shared": "" };
    expect(errors(unshared)["claimRef.name"]).toMatch(/Reserve this host path for one claim/);
    expect(errors({ ...unshared, "claimRef.namespace": "team-a", "claimRef.name": "db" })["claimRef.name"]).toBeUndefined();
    expect(errors(manual)["claimRef.name"]).toBeUndefined();
    // Other sources are not host directories: no reservation needed.
    expect(errors({ ...unshared, sourceType: "nfs", "nfs.server": "10.0.0.5", "nfs.path": "/exports/a" })["claimRef.name"]).toBeUndefined();
  });

  it("builds John's 10Gi manual hostPath volume", () => {
    const input = persistentVolumeSchema.parse(persistentVolumeDraft({ ...manual, "labels.0.key": "disk", "labels.0.value": "hdd" }));
    expect(buildPersistentVolume(input)).toEqual({
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pv-manual-10g", labels: { disk: "hdd" } },
      spec: {
        capacity: { storage: "10Gi" },
        accessModes: ["ReadWriteOnce"],
        volumeMode: "Filesystem",
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "manual",
        hostPath: { path: "/tmp/hostpath_pv/manual-10g" },
      },
    });
  });

  it("pins a local volume to the chosen node and pre-binds to a claim", () => {
    const input = persistentVolumeSchema.parse(
      persistentVolumeDraft({ ...manual, sourceType: "local", "local.path": "/mnt/disks/a", "local.node": "bindery-node-2", "claimRef.namespace": "team-a", "claimRef.name": "db" }),
    );
    const pv = buildPersistentVolume(input);
    expect(pv.spec.hostPath).toBeUndefined();
    expect(pv.spec.local).toEqual({ path: "/mnt/disks/a" });
    expect(pv.spec.nodeAffinity?.required.nodeSelectorTerms[0]?.matchExpressions[0]).toEqual({ key: "kubernetes.io/hostname", operator: "In", values: ["bindery-node-2"] });
    expect(pv.spec.claimRef).toEqual({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: "team-a", name: "db" });
  });

  it("builds NFS and CSI sources with their options", () => {
    const nfs = buildPersistentVolume(persistentVolumeSchema.parse(persistentVolumeDraft({ ...manual, sourceType: "nfs", "nfs.server": "10.0.0.5", "nfs.path": "/exports/a", "nfs.readOnly": "true", mountOptions: "nfsvers=4.1\nhard" })));
    expect(nfs.spec.nfs).toEqual({ server: "10.0.0.5", path: "/exports/a", readOnly: true });
    expect(nfs.spec.mountOptions).toEqual(["nfsvers=4.1", "hard"]);
    const csi = buildPersistentVolume(persistentVolumeSchema.parse(persistentVolumeDraft({ ...manual, sourceType: "csi", "csi.driver": "ebs.csi.aws.com", "csi.volumeHandle": "vol-123", "csi.fsType": "ext4" })));
    expect(csi.spec.csi).toEqual({ driver: "ebs.csi.aws.com", volumeHandle: "vol-123", fsType: "ext4" });
  });

  it("checks only the fields of the chosen source, each under its own name", () => {
    expect(errors({ ...manual, "hostPath.path": "relative/dir" })["hostPath.path"]).toMatch(/absolute path/);
    expect(errors({ ...manual, "hostPath.path": "/tmp/../etc" })["hostPath.path"]).toMatch(/'\.\.'/);
    const local = errors({ ...manual, sourceType: "local", "hostPath.path": "" });
    expect(local["local.path"]).toMatch(/absolute/);
    expect(local["local.node"]).toMatch(/node/);
    expect(local["hostPath.path"]).toBeUndefined();
    const csi = errors({ ...manual, sourceType: "csi" });
    expect(csi["csi.driver"]).toBeDefined();
    expect(csi["csi.volumeHandle"]).toMatch(/id for the existing volume/);
  });

  it("validates name, size, access modes, class, labels, mount options and claimRef", () => {
    const e = errors({
      ...manual,
      name: "PV 1",
      capacity: "ten gigs",
      accessModes: "",
      storageClassName: "Manual!",
      "labels.0.key": "ok",
      "labels.0.value": "-bad-",
      "labels.1.key": "ok",
      mountOptions: "ro",
      "claimRef.name": "db",
    });
    expect(e.name).toBeDefined();
    expect(e.capacity).toMatch(/unit/);
    expect(e.accessModes).toMatch(/at least one/);
    expect(e.storageClassName).toBeDefined();
    expect(e["labels.0.value"]).toMatch(/Label values/);
    expect(e["labels.1.key"]).toMatch(/already set/);
    expect(e.mountOptions).toMatch(/do not support mount options/);
    expect(e["claimRef.namespace"]).toMatch(/namespace too/);
  });

  it("accepts an empty storage class and sends it as the empty class", () => {
    const pv = buildPersistentVolume(persistentVolumeSchema.parse(persistentVolumeDraft({ ...manual, storageClassName: "" })));
    expect(pv.spec.storageClassName).toBe("");
  });

  it("feeds the match preview: the draft picks Bob's pending 3Gi manual claim", () => {
    const draft = matchableDraft(buildPersistentVolume(persistentVolumeDraft(manual)));
    const claims = [
      { namespace: "team-a", name: "e2e-mysql-data", requested: "3Gi", accessModes: ["ReadWriteOnce"], volumeMode: "Filesystem", storageClass: "manual", phase: "Pending", createdAt: "2026-01-01T00:00:00Z" },
      { namespace: "team-a", name: "too-big", requested: "20Gi", accessModes: ["ReadWriteOnce"], volumeMode: "Filesystem", storageClass: "manual", phase: "Pending" },
      { namespace: "team-b", name: "other-class", requested: "1Gi", accessModes: ["ReadWriteOnce"], volumeMode: "Filesystem", storageClass: "hdd", phase: "Pending" },
    ];
    const matches = claimsForVolume(draft, claims);
    expect(matches.map((m) => [m.claim.name, m.likely])).toEqual([["e2e-mysql-data", true]]);
  });
});

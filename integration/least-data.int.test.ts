import { afterAll, describe, expect, it } from "vitest";
import { loadClaimFlow } from "@/lib/flow/load";
import { allInformers, informer } from "@/lib/k8s/informers";
import { kube } from "@/e2e/support/kube";
import { john, bob, uniq, waitFor } from "./support";

// Pages read volumes and attachments from the portal's shared caches; what reaches a person
// must be what the cluster would let them read themselves.

const run = uniq("it-least");
const PV = `${run}-pv`;
const PVC = `${run}-pvc`;
const VA = `${run}-va`;
const HANDLE = `vol-handle-${run}`;
// In team-a through its RoleBinding, but not a developer: may not read PersistentVolumes.
const tess = { user: "oidc:tess", groups: ["bindery:team-a"] };

afterAll(async () => {
  await kube("DELETE", `/apis/storage.k8s.io/v1/volumeattachments/${VA}`);
  await kube("DELETE", `/api/v1/namespaces/team-a/persistentvolumeclaims/${PVC}`);
  await kube("DELETE", `/api/v1/persistentvolumes/${PV}`);
  for (const inf of allInformers()) inf.stop();
});

describe("volume backends and attachments reach only people who may read them", () => {
  it("hides the CSI volume handle and the VolumeAttachment from people the cluster would refuse", async () => {
    await kube("POST", "/api/v1/persistentvolumes", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: PV },
      spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "",
        csi: { driver: "csi.example.com", volumeHandle: HANDLE },
        claimRef: { namespace: "team-a", name: PVC },
      },
    });
    await kube("POST", "/api/v1/namespaces/team-a/persistentvolumeclaims", {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: PVC },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "", volumeName: PV, resources: { requests: { storage: "1Gi" } } },
    });
    await kube("POST", "/apis/storage.k8s.io/v1/volumeattachments", {
      apiVersion: "storage.k8s.io/v1",
      kind: "VolumeAttachment",
      metadata: { name: VA },
      spec: { attacher: "csi.example.com", nodeName: "bindery-node-1", source: { persistentVolumeName: PV } },
    });
    await informer("volumeattachments").waitForSync();
    await waitFor("caches see the volume, claim and attachment", async () => {
      const f = await loadClaimFlow(john, "team-a", PVC);
      return f?.input.pv?.name === PV && f.input.attachment ? f : undefined;
    });

    const admin = await loadClaimFlow(john, "team-a", PVC);
    expect(admin!.input.pv!.source.detail).toContain(HANDLE);
    expect(admin!.input.attachment?.node).toBe("bindery-node-1");

    // Bob may get volumes (developer-cluster-read) but not list attachments.
    const dev = await loadClaimFlow(bob, "team-a", PVC);
    expect(dev!.input.pv!.source.detail).toContain(HANDLE);
    expect(dev!.input.attachment).toBeUndefined();

    const other = await loadClaimFlow(tess, "team-a", PVC);
    expect(other).toBeDefined(); // she may read her team's claim...
    expect(other!.input.pv!.name).toBe(PV);
    expect(other!.input.pv!.source).toEqual({ type: "csi", detail: "" }); // ...not the backend
    expect(other!.input.attachment).toBeUndefined();
    expect(JSON.stringify(other)).not.toContain(HANDLE);
    expect(JSON.stringify(other)).not.toContain("bindery-node-1");
  });
});

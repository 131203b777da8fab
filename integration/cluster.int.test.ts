import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { K8sError } from "@/lib/k8s/errors";
import { alice, bob, claimManifest, del, get, john, podManifest, post, uniq, waitFor } from "./support";

// The issue-2 acceptance tests: the real control plane binds, provisions, schedules, mounts
// and protects claims, and enforces RBAC for impersonated people.

interface Pvc {
  metadata: { name: string; deletionTimestamp?: string; finalizers?: string[] };
  spec: { volumeName?: string };
  status?: { phase?: string };
}
interface Pv {
  spec: { capacity: { storage: string }; hostPath?: { path: string }; claimRef?: { name: string } };
  status?: { phase?: string };
}
interface Pod {
  spec: { nodeName?: string };
  status?: { phase?: string };
}

const NS = "team-a";
const pvcs = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
const pods = `/api/v1/namespaces/${NS}/pods`;
// Pods are Bob's to delete (the admin role only reads them); the rest is John's.
const cleanup: string[] = [];

afterAll(async () => {
  for (const p of cleanup.reverse()) await del(p, p.includes("/pods/") ? bob : john);
});

async function storageClass(name: string, mode: "Immediate" | "WaitForFirstConsumer") {
  await post("/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name },
    provisioner: "kubernetes.io/host-path",
    reclaimPolicy: "Delete",
    volumeBindingMode: mode,
  });
  cleanup.push(`/apis/storage.k8s.io/v1/storageclasses/${name}`);
}

describe("local control plane", () => {
  it("reports version v1.37.2 and has Ready nodes", async () => {
    const v = await get<{ gitVersion: string }>("/version");
    expect(v.gitVersion).toBe("v1.37.2");
    const nodes = await get<{ items: { status: { conditions: { type: string; status: string }[] } }[] }>("/api/v1/nodes");
    const ready = nodes.items.filter((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
    expect(ready.length).toBeGreaterThanOrEqual(2);
  });

  it("dynamically provisions a host-path volume that binds, with the requested capacity and a real directory", async () => {
    const sc = uniq("it-immediate");
    await storageClass(sc, "Immediate");
    const name = uniq("dyn");
    const started = Date.now();
    await post(pvcs, claimManifest(name, sc, "2Gi"), bob);
    cleanup.push(`${pvcs}/${name}`);
    const bound = await waitFor("claim bound", async () => {
      const c = await get<Pvc>(`${pvcs}/${name}`);
      return c.status?.phase === "Bound" ? c : undefined;
    });
    console.log(`PVC -> Bound (dynamic, Immediate): ${Date.now() - started} ms`);
    const pv = await get<Pv>(`/api/v1/persistentvolumes/${bound.spec.volumeName}`);
    expect(pv.spec.capacity.storage).toBe("2Gi");
    expect(pv.spec.hostPath?.path).toMatch(/^\/tmp\/hostpath_pv\//);
    expect(existsSync(pv.spec.hostPath!.path)).toBe(true);
  });

  it("keeps a WaitForFirstConsumer claim Pending until a pod uses it, then schedules, binds and runs", async () => {
    const sc = uniq("it-wffc");
    await storageClass(sc, "WaitForFirstConsumer");
    const name = uniq("wffc");
    await post(pvcs, claimManifest(name, sc, "1Gi"), bob);
    cleanup.push(`${pvcs}/${name}`);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await get<Pvc>(`${pvcs}/${name}`)).status?.phase).toBe("Pending");
    const pod = uniq("wffc-pod");
    await post(pods, podManifest(pod, name), bob);
    cleanup.push(`${pods}/${pod}`);
    const running = await waitFor("pod running", async () => {
      const p = await get<Pod>(`${pods}/${pod}`);
      return p.status?.phase === "Running" ? p : undefined;
    });
    expect(running.spec.nodeName).toMatch(/^bindery-node-/);
    expect((await get<Pvc>(`${pvcs}/${name}`)).status?.phase).toBe("Bound");
  });

  it("binds the seed's static flow: a 10Gi manual hostPath PV takes a 3Gi manual claim", async () => {
    const pvName = uniq("it-manual-pv");
    await post("/api/v1/persistentvolumes", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: pvName, labels: { test: pvName } },
      spec: {
        capacity: { storage: "10Gi" },
        accessModes: ["ReadWriteOnce"],
        storageClassName: "manual",
        persistentVolumeReclaimPolicy: "Retain",
        hostPath: { path: `/tmp/hostpath_pv/${pvName}` },
      },
    });
    cleanup.push(`/api/v1/persistentvolumes/${pvName}`);
    const name = uniq("manual");
    // The selector pins this test's claim to this test's volume, whatever else is Available.
    await post(pvcs, claimManifest(name, "manual", "3Gi", { selector: { matchLabels: { test: pvName } } }), bob);
    cleanup.push(`${pvcs}/${name}`);
    const bound = await waitFor("manual claim bound", async () => {
      const c = await get<Pvc>(`${pvcs}/${name}`);
      return c.status?.phase === "Bound" ? c : undefined;
    });
    expect(bound.spec.volumeName).toBe(pvName);
    const pv = await get<Pv>(`/api/v1/persistentvolumes/${pvName}`);
    expect(pv.status?.phase).toBe("Bound");
    expect(pv.spec.claimRef?.name).toBe(name);
  });

  it("keeps a claim used by a running pod Terminating until the pod is gone (pvc-protection)", async () => {
    const sc = uniq("it-protect");
    await storageClass(sc, "Immediate");
    const name = uniq("protected");
    await post(pvcs, claimManifest(name, sc, "1Gi"), bob);
    cleanup.push(`${pvcs}/${name}`);
    const pod = uniq("user");
    await post(pods, podManifest(pod, name), bob);
    cleanup.push(`${pods}/${pod}`);
    await waitFor("pod running", async () => (await get<Pod>(`${pods}/${pod}`)).status?.phase === "Running");
    await del(`${pvcs}/${name}`, bob);
    await new Promise((r) => setTimeout(r, 2000));
    const terminating = await get<Pvc>(`${pvcs}/${name}`);
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    expect(terminating.metadata.finalizers).toContain("kubernetes.io/pvc-protection");
    await del(`${pods}/${pod}`, bob);
    await waitFor(
      "claim gone",
      async () => {
        try {
          await get(`${pvcs}/${name}`);
          return false;
        } catch (e) {
          return e instanceof K8sError && e.kind === "not-found";
        }
      },
      30_000,
    );
  });

  it("forbids a developer to create a StorageClass or read the other team's claims", async () => {
    const denied = post("/apis/storage.k8s.io/v1/storageclasses", {
      apiVersion: "storage.k8s.io/v1",
      kind: "StorageClass",
      metadata: { name: uniq("bobs") },
      provisioner: "kubernetes.io/host-path",
    }, bob);
    await expect(denied).rejects.toMatchObject({ kind: "forbidden" });
    await expect(get("/api/v1/namespaces/team-b/persistentvolumeclaims", bob)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(get("/api/v1/namespaces/team-a/persistentvolumeclaims", alice)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await get("/api/v1/namespaces/team-a/persistentvolumeclaims", bob)).toBeTruthy();
  });
});

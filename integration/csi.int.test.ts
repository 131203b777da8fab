import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import { kube } from "@/e2e/support/kube";
import { bob, claimManifest, clusterDir, del, get, john, podManifest, post, uniq, waitFor } from "./support";

// Issue 9: the local cluster's CSI stack end to end, with kubectl-level objects only. John
// (storage admin) creates the classes, Bob (team-a developer) the claims, pods and
// snapshots; the driver, the upstream sidecars, the controller-manager, the scheduler and
// the node agents do the rest.

const DRIVER = "local.csi.bindery.io";
const NS = "team-a";
const pvcs = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
const pods = `/api/v1/namespaces/${NS}/pods`;
const snapshots = `/apis/snapshot.storage.k8s.io/v1/namespaces/${NS}/volumesnapshots`;

interface Meta { name: string; uid: string; deletionTimestamp?: string }
interface Pvc {
  metadata: Meta;
  spec: { volumeName?: string; volumeAttributesClassName?: string };
  status?: {
    phase?: string;
    capacity?: { storage?: string };
    allocatedResourceStatuses?: Record<string, string>;
    currentVolumeAttributesClassName?: string;
    modifyVolumeStatus?: { status: string; targetVolumeAttributesClassName?: string };
  };
}
interface Pod { metadata: Meta; spec: { nodeName?: string }; status?: { phase?: string } }
interface Pv { spec: { capacity: { storage: string }; csi?: { driver: string; volumeHandle: string } } }
interface Va { metadata: { name: string }; spec: { nodeName: string; source: { persistentVolumeName?: string } }; status?: { attached: boolean } }
interface List<T> { items: T[] }
interface Event { reason: string; message: string; involvedObject: { name: string; kind: string }; source?: { component?: string } }

const sc = uniq("csi-int");
const vsc = uniq("csi-int");
const vgsc = uniq("csi-int");
const vacFast = uniq("csi-fast");
const vacBad = uniq("csi-bad");
const cleanup: [string, typeof john][] = [];

function patch<T>(p: string, body: unknown, as = bob): Promise<T> {
  return request<T>({ method: "PATCH", path: p, body, as, contentType: "application/merge-patch+json" });
}

async function events(kind: string, name: string): Promise<Event[]> {
  const list = await get<List<Event>>(`/api/v1/namespaces/${NS}/events`);
  return list.items.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}

/** Creates claim + pod (Bob), waits for Bound + Running; returns the pod and its volume dir on disk. */
async function claimWithPod(claim: string, size: string, extra: Record<string, unknown> = {}) {
  await post(pvcs, claimManifest(claim, sc, size, extra), bob);
  cleanup.push([`${pvcs}/${claim}`, bob]);
  const podName = uniq("csi-pod");
  await post(pods, podManifest(podName, claim), bob);
  cleanup.push([`${pods}/${podName}`, bob]);
  const pod = await waitFor("pod Running", async () => {
    const p = await get<Pod>(`${pods}/${podName}`);
    return p.status?.phase === "Running" && p;
  }, 60_000);
  const pvc = await get<Pvc>(`${pvcs}/${claim}`);
  expect(pvc.status?.phase).toBe("Bound");
  const dir = path.join(clusterDir, "nodes", pod.spec.nodeName!, "pods", pod.metadata.uid, "volumes", "kubernetes.io~csi", pvc.spec.volumeName!, "mount");
  return { pod, pvc, dir };
}

async function attachmentFor(pv: string): Promise<Va | undefined> {
  const vas = await get<List<Va>>("/apis/storage.k8s.io/v1/volumeattachments");
  return vas.items.find((v) => v.spec.source.persistentVolumeName === pv);
}

beforeAll(async () => {
  await post("/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc },
    provisioner: DRIVER, reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true,
  });
  await post("/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", {
    apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: vsc }, driver: DRIVER, deletionPolicy: "Delete",
  });
  await post("/apis/groupsnapshot.storage.k8s.io/v1/volumegroupsnapshotclasses", {
    apiVersion: "groupsnapshot.storage.k8s.io/v1", kind: "VolumeGroupSnapshotClass", metadata: { name: vgsc }, driver: DRIVER, deletionPolicy: "Delete",
  });
  for (const [name, tier] of [[vacFast, "fast"], [vacBad, "platinum"]] as const) {
    await post("/apis/storage.k8s.io/v1/volumeattributesclasses", {
      apiVersion: "storage.k8s.io/v1", kind: "VolumeAttributesClass", metadata: { name }, driverName: DRIVER, parameters: { tier },
    });
  }
});

afterAll(async () => {
  for (const [p, as] of cleanup.reverse()) await del(p, as);
  // Claims go once their pods are gone; wait so the classes outlive their volumes.
  await waitFor("test claims gone", async () => {
    const list = await get<List<Pvc>>(pvcs);
    return !list.items.some((c) => c.metadata.name.startsWith("csi-"));
  }, 60_000).catch(() => undefined);
  await del(`/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses/${vsc}`);
  await del(`/apis/groupsnapshot.storage.k8s.io/v1/volumegroupsnapshotclasses/${vgsc}`);
  await del(`/apis/storage.k8s.io/v1/storageclasses/${sc}`);
  await del(`/apis/storage.k8s.io/v1/volumeattributesclasses/${vacFast}`);
  await del(`/apis/storage.k8s.io/v1/volumeattributesclasses/${vacBad}`);
}, 120_000);

describe("CSI driver local.csi.bindery.io in the local cluster", () => {
  it("is installed: CSIDriver, CSINode on every node, snapshot CRDs", async () => {
    const d = await get<{ spec: Record<string, unknown> }>(`/apis/storage.k8s.io/v1/csidrivers/${DRIVER}`);
    expect(d.spec).toMatchObject({ attachRequired: true, storageCapacity: true, podInfoOnMount: true, fsGroupPolicy: "File" });
    const nodes = await kube<List<{ metadata: { name: string; labels: Record<string, string> } }>>("GET", "/api/v1/nodes");
    for (const n of nodes.body.items) {
      const cn = await kube<{ spec: { drivers: { name: string; nodeID: string; topologyKeys: string[] }[] } }>("GET", `/apis/storage.k8s.io/v1/csinodes/${n.metadata.name}`);
      expect(cn.body.spec.drivers).toContainEqual(expect.objectContaining({ name: DRIVER, nodeID: n.metadata.name }));
      expect(n.metadata.labels["topology.local.csi.bindery.io/node"]).toBe(n.metadata.name);
    }
    const crd = await kube("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/volumesnapshots.snapshot.storage.k8s.io");
    expect(crd.status).toBe(200);
  });

  let src: Awaited<ReturnType<typeof claimWithPod>>;
  const data = randomBytes(1 << 20);
  const claim = uniq("csi-src");

  it("binds, attaches and publishes a claim before the pod runs", async () => {
    src = await claimWithPod(claim, "1Gi");
    const va = await attachmentFor(src.pvc.spec.volumeName!);
    expect(va?.spec.nodeName).toBe(src.pod.spec.nodeName);
    expect(va?.status?.attached).toBe(true);
    expect(existsSync(src.dir)).toBe(true);
    writeFileSync(path.join(src.dir, "data.bin"), data);
    const pv = await get<Pv>(`/api/v1/persistentvolumes/${src.pvc.spec.volumeName}`);
    const unique = `kubernetes.io/csi/${DRIVER}^${pv.spec.csi!.volumeHandle}`;
    // Node status is written by two parties (the agent: volumesInUse; the attach/detach
    // controller: volumesAttached), each on its own loop, so it may trail the pod by a moment.
    type NodeStatus = { status: { volumesInUse?: string[]; volumesAttached?: { name: string }[] } };
    const node = await waitFor("the node to report the volume in use and attached", async () => {
      const n = await get<NodeStatus>(`/api/v1/nodes/${src.pod.spec.nodeName}`);
      const ok = n.status.volumesInUse?.includes(unique) && n.status.volumesAttached?.some((v) => v.name === unique);
      return ok ? n : undefined;
    });
    expect(node.status.volumesInUse).toContain(unique);
    expect(node.status.volumesAttached?.map((v) => v.name)).toContain(unique);
    // Events are recorded asynchronously by the controller-manager and the node agent.
    const reasons = await waitFor("attach and mount events", async () => {
      const r = (await events("Pod", src.pod.metadata.name)).map((e) => e.reason);
      return r.includes("SuccessfulAttachVolume") && r.includes("SuccessfulMountVolume") ? r : undefined;
    });
    expect(reasons).toEqual(expect.arrayContaining(["SuccessfulAttachVolume", "SuccessfulMountVolume"]));
  });

  it("reports the volume's bytes through the node proxy (stats summary and metrics)", async () => {
    interface Summary { pods: { volume?: { name: string; pvcRef?: { name: string; namespace: string }; usedBytes?: number; capacityBytes?: number; availableBytes?: number }[] }[] }
    const node = src.pod.spec.nodeName!;
    const used = async () => {
      const res = await kube<Summary>("GET", `/api/v1/nodes/${node}/proxy/stats/summary`);
      expect(res.status).toBe(200);
      const vol = res.body.pods.flatMap((p) => p.volume ?? []).find((v) => v.pvcRef?.name === claim && v.pvcRef.namespace === NS);
      expect(vol?.capacityBytes).toBeGreaterThan(0);
      expect(vol?.availableBytes).toBeGreaterThan(0);
      return vol!.usedBytes!;
    };
    // The node measures in the background (every 2-3 s, like a kubelet): figures appear once the
    // volume was measured, and the file once the whole of it was (not a walk during the write).
    const MiB = 1 << 20;
    // The first test wrote data.bin (1 MiB): a figure from before that measurement would count it as ours.
    const before = await waitFor("the volume measured with data.bin", async () => {
      const u = await used();
      return u >= data.length && u;
    }, 15_000, 250);
    writeFileSync(path.join(src.dir, "five.bin"), randomBytes(5 << 20));
    const after = await waitFor("the file measured", async () => {
      const u = await used();
      return u - before >= 5 * MiB && u;
    }, 15_000, 250);
    expect(after - before).toBeGreaterThanOrEqual(5 * MiB);
    expect(after - before).toBeLessThan(5 * MiB + 64 * 1024); // blocks, not a guess
    const metrics = await kube<string>("GET", `/api/v1/nodes/${node}/proxy/metrics`);
    expect(metrics.status).toBe(200);
    const line = metrics.body.split("\n").find((l) => l.startsWith("kubelet_volume_stats_used_bytes{") && l.includes(`persistentvolumeclaim="${claim}"`));
    expect(line).toContain(`namespace="${NS}"`);
    expect(Number(line!.split(" ").pop())).toBe(after);
  });

  const snap = uniq("csi-snap");
  it("takes a snapshot that becomes readyToUse, and restores it byte for byte", async () => {
    await post(snapshots, {
      apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: snap },
      spec: { volumeSnapshotClassName: vsc, source: { persistentVolumeClaimName: claim } },
    }, bob);
    cleanup.push([`${snapshots}/${snap}`, bob]);
    await waitFor("snapshot readyToUse", async () => {
      const s = await get<{ status?: { readyToUse?: boolean } }>(`${snapshots}/${snap}`, bob);
      return s.status?.readyToUse === true;
    }, 60_000);
    const restored = await claimWithPod(uniq("csi-restore"), "1Gi", {
      dataSource: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: snap },
    });
    expect(readFileSync(path.join(restored.dir, "data.bin")).equals(data)).toBe(true);
  });

  it("takes a group snapshot of the claims matching a label", async () => {
    const label = uniq("grp");
    await patch(`${pvcs}/${claim}`, { metadata: { labels: { "bindery-test-group": label } } });
    const groups = `/apis/groupsnapshot.storage.k8s.io/v1/namespaces/${NS}/volumegroupsnapshots`;
    const name = uniq("csi-group");
    await post(groups, {
      apiVersion: "groupsnapshot.storage.k8s.io/v1", kind: "VolumeGroupSnapshot", metadata: { name },
      spec: { volumeGroupSnapshotClassName: vgsc, source: { selector: { matchLabels: { "bindery-test-group": label } } } },
    }, bob);
    cleanup.push([`${groups}/${name}`, bob]);
    await waitFor("group snapshot readyToUse", async () => {
      const g = await get<{ status?: { readyToUse?: boolean } }>(`${groups}/${name}`, bob);
      return g.status?.readyToUse === true;
    }, 60_000);
    // One member VolumeSnapshot per claim, made by the snapshot controller for the group.
    type Member = { metadata: { ownerReferences?: { kind: string; name: string }[] }; spec: { source: { persistentVolumeClaimName?: string } }; status?: { readyToUse?: boolean } };
    const mine = await waitFor("member snapshots ready", async () => {
      const members = await get<List<Member>>(snapshots, bob);
      const m = members.items.filter((s) => s.metadata.ownerReferences?.some((o) => o.kind === "VolumeGroupSnapshot" && o.name === name));
      return m.length > 0 && m.every((s) => s.status?.readyToUse) && m;
    }, 30_000);
    expect(mine.map((s) => s.spec.source.persistentVolumeClaimName)).toEqual([claim]);
  });

  it("clones a claim byte for byte", async () => {
    const clone = await claimWithPod(uniq("csi-clone"), "1Gi", { dataSource: { kind: "PersistentVolumeClaim", name: claim } });
    expect(readFileSync(path.join(clone.dir, "data.bin")).equals(data)).toBe(true);
  });

  it("expands 1Gi -> 2Gi on the controller and on the node", async () => {
    await patch(`${pvcs}/${claim}`, { spec: { resources: { requests: { storage: "2Gi" } } } });
    const pvc = await waitFor("claim resized", async () => {
      const c = await get<Pvc>(`${pvcs}/${claim}`);
      return c.status?.capacity?.storage === "2Gi" && !c.status.allocatedResourceStatuses && c;
    }, 60_000);
    const pv = await get<Pv>(`/api/v1/persistentvolumes/${pvc.spec.volumeName}`);
    expect(pv.spec.capacity.storage).toBe("2Gi");
    // The resizer asked for a file-system resize; the node agent did it (kubelet's event).
    await waitFor("node expansion event", async () => {
      const reasons = (await events("PersistentVolumeClaim", claim)).map((e) => e.reason);
      return reasons.includes("FileSystemResizeRequired") && reasons.includes("FileSystemResizeSuccessful");
    });
  });

  it("applies a VolumeAttributesClass and reports an infeasible one", async () => {
    await patch(`${pvcs}/${claim}`, { spec: { volumeAttributesClassName: vacFast } });
    await waitFor("class applied", async () => {
      const c = await get<Pvc>(`${pvcs}/${claim}`);
      return c.status?.currentVolumeAttributesClassName === vacFast;
    }, 60_000);
    await patch(`${pvcs}/${claim}`, { spec: { volumeAttributesClassName: vacBad } });
    const c = await waitFor("modification infeasible", async () => {
      const c = await get<Pvc>(`${pvcs}/${claim}`);
      return c.status?.modifyVolumeStatus?.status === "Infeasible" && c;
    }, 60_000);
    expect(c.status?.modifyVolumeStatus?.targetVolumeAttributesClassName).toBe(vacBad);
    expect(c.status?.currentVolumeAttributesClassName).toBe(vacFast);
  });

  it("publishes CSIStorageCapacity per node; a claim larger than any node stays Pending with the scheduler's reason", async () => {
    interface Cap { storageClassName: string; capacity?: string; nodeTopology?: { matchLabels?: Record<string, string> } }
    const caps = await waitFor("capacity per node", async () => {
      const list = await get<List<Cap>>("/apis/storage.k8s.io/v1/namespaces/kube-system/csistoragecapacities");
      const mine = list.items.filter((c) => c.storageClassName === sc && c.capacity);
      return mine.length >= 2 && mine;
    }, 30_000);
    const nodes = caps.map((c) => c.nodeTopology?.matchLabels?.["topology.local.csi.bindery.io/node"]);
    expect(new Set(nodes).size).toBe(caps.length);
    // Team namespaces cap claims at 50Gi (LimitRange), below a node's 100Gi: this claim
    // goes to a namespace of its own, created by the cluster admin.
    const ns = uniq("csi-int");
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    try {
      const big = uniq("csi-big");
      const podName = uniq("csi-big-pod");
      expect((await kube("POST", `/api/v1/namespaces/${ns}/persistentvolumeclaims`, claimManifest(big, sc, "1Ti"))).status).toBe(201);
      expect((await kube("POST", `/api/v1/namespaces/${ns}/pods`, podManifest(podName, big))).status).toBe(201);
      const ev = await waitFor("FailedScheduling", async () => {
        const list = await kube<List<Event>>("GET", `/api/v1/namespaces/${ns}/events`);
        return list.body.items.find((e) => e.reason === "FailedScheduling" && e.involvedObject.name === podName);
      }, 30_000);
      expect(ev.message).toMatch(/did not have enough free storage/);
      const pvc = await kube<Pvc>("GET", `/api/v1/namespaces/${ns}/persistentvolumeclaims/${big}`);
      expect(pvc.body.status?.phase).toBe("Pending");
    } finally {
      await kube("DELETE", `/api/v1/namespaces/${ns}`);
    }
  });

  it("reports the driver's attach error as FailedAttachVolume and FailedMount", async () => {
    // A PV naming a volume the driver does not have: ControllerPublish fails.
    const pvName = uniq("csi-missing");
    const claimName = uniq("csi-missing");
    await post("/api/v1/persistentvolumes", {
      apiVersion: "v1", kind: "PersistentVolume", metadata: { name: pvName },
      spec: {
        capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: sc, persistentVolumeReclaimPolicy: "Retain",
        claimRef: { namespace: NS, name: claimName }, csi: { driver: DRIVER, volumeHandle: "no-such-volume" },
      },
    });
    cleanup.push([`/api/v1/persistentvolumes/${pvName}`, john]);
    await post(pvcs, claimManifest(claimName, sc, "1Gi", { volumeName: pvName }), bob);
    cleanup.push([`${pvcs}/${claimName}`, bob]);
    const podName = uniq("csi-missing-pod");
    await post(pods, podManifest(podName, claimName), bob);
    cleanup.push([`${pods}/${podName}`, bob]);
    const evs = await waitFor("attach and mount failures", async () => {
      const evs = await events("Pod", podName);
      const attach = evs.find((e) => e.reason === "FailedAttachVolume");
      // An early FailedMount may say "PVC is not bound" (the pod was seen before the claim bound).
      const mount = evs.find((e) => e.reason === "FailedMount" && e.source?.component === "kubelet" && /AttachVolume/.test(e.message ?? ""));
      return attach && mount && { attach, mount };
    }, 45_000);
    expect(evs.attach.message).toMatch(/no-such-volume/);
    expect(evs.mount.message).toMatch(/AttachVolume.Attach failed .*no-such-volume/);
    expect((await get<Pod>(`${pods}/${podName}`)).status?.phase).toBe("Pending");
  });

  it("unpublishes on pod deletion and the VolumeAttachment goes", async () => {
    await del(`${pods}/${src.pod.metadata.name}`, bob);
    await waitFor("pod gone", async () => {
      try {
        await get(`${pods}/${src.pod.metadata.name}`);
        return false;
      } catch {
        return true;
      }
    });
    expect(existsSync(src.dir)).toBe(false);
    await waitFor("VolumeAttachment gone", async () => !(await attachmentFor(src.pvc.spec.volumeName!)), 30_000);
  });
});

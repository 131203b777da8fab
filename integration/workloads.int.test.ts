import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import { K8sError } from "@/lib/k8s/errors";
import { createClaim, deleteClaim, getClaim, listClaims } from "@/lib/k8s/persistent-volume-claims";
import { getPersistentVolume, removeVolumeFinalizer } from "@/lib/k8s/persistent-volumes";
import { listPods } from "@/lib/k8s/pods";
import { deleteWorkload, getWorkload, scaleWorkload, workloadRights } from "@/lib/k8s/workloads";
import { loadClaimDeletion, loadPreviewContext, toPreviewWorkload } from "@/lib/flow/load-lifecycle";
import { previewDelete, previewScale } from "@/lib/flow/scale-preview";
import { volumeHoldups } from "@/lib/flow/finalizers";
import { claimManifest } from "@/lib/validations/claim";
import { workloadManifests } from "@/lib/validations/workload";
import { bob, john, podBody, remove, suffix, until } from "./helpers-flow";

// Scaling and deleting workloads, claim retention and "why is this stuck deleting", on the
// real local cluster: the StatefulSet controller, garbage collector, PV controller and
// protection controllers of the local controller-manager do the work; node agents run pods.

const alice = { user: "alice", groups: ["bindery:developers", "bindery:team-b"] };
const NS = "team-a";
const s = suffix();
const cls = `int-wl-${s}`;
const cleanup: string[] = [];
const PVC = (n: string) => `/api/v1/namespaces/${NS}/persistentvolumeclaims/${n}`;

beforeAll(async () => {
  await request({
    method: "POST",
    path: "/apis/storage.k8s.io/v1/storageclasses",
    as: john,
    body: { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: cls }, provisioner: "kubernetes.io/host-path", reclaimPolicy: "Delete", volumeBindingMode: "Immediate" },
  });
});

afterAll(async () => {
  for (const p of cleanup.reverse()) {
    // Workloads are Bob's to delete (the storage admin may only read them).
    if (p.startsWith("/apis/apps/")) await request({ method: "DELETE", path: p, as: bob }).catch(() => undefined);
    else await remove(p);
  }
  await remove(`/apis/storage.k8s.io/v1/storageclasses/${cls}`);
});

async function refusal(p: Promise<unknown>): Promise<K8sError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof K8sError) return e;
    throw e;
  }
  throw new Error("expected the apiserver to refuse");
}

const podsOf = async (prefix: string) => (await listPods(bob, NS)).filter((p) => p.name.startsWith(prefix) && !p.deleting);

async function createAll(objects: ReturnType<typeof workloadManifests>) {
  for (const o of objects) {
    const plural = { PersistentVolumeClaim: "persistentvolumeclaims", Secret: "secrets", Deployment: "deployments", StatefulSet: "statefulsets" }[o.kind]!;
    const base = o.kind === "Deployment" || o.kind === "StatefulSet" ? `/apis/apps/v1/namespaces/${NS}` : `/api/v1/namespaces/${NS}`;
    await request({ method: "POST", path: `${base}/${plural}`, as: bob, body: o.body });
    cleanup.push(`${base}/${plural}/${o.name}`);
  }
}

function statefulSet(name: string, replicas: number, whenScaled: "Retain" | "Delete", whenDeleted: "Retain" | "Delete") {
  return workloadManifests({ template: "statefulset", namespace: NS, name, image: "nginx:1.27", mountPath: "/data", claimName: "data", size: "1Gi", storageClass: cls, replicas, whenScaled, whenDeleted });
}

describe("scale", () => {
  const name = `int-wl-dep-${s}`;
  const claim = `int-wl-dep-data-${s}`;

  it("scales a Deployment to 0 and back through the scale subresource, as Bob; Alice may not", async () => {
    await createAll(workloadManifests({ template: "generic", namespace: NS, name, image: "busybox:1.36", command: "sleep infinity", mountPath: "/data", claimMode: "new", claimName: claim, size: "1Gi", storageClass: cls }));
    await until("pod running", async () => (await podsOf(`${name}-`)).some((p) => p.phase === "Running"));
    const w = await until("cached", () => getWorkload(bob, NS, "deployment", name));

    expect(await workloadRights(bob, "Deployment", NS)).toEqual({ scale: true, delete: true });
    expect(await workloadRights(alice, "Deployment", NS)).toEqual({ scale: false, delete: false });
    expect((await refusal(scaleWorkload(alice, "Deployment", NS, name, 0))).kind).toBe("forbidden");

    const plan = previewScale(toPreviewWorkload(w), 0, await loadPreviewContext(bob, w));
    expect(plan.pods).toHaveLength(1);
    expect(plan.claims).toMatchObject([{ claim, fate: "stays" }]);

    await scaleWorkload(bob, "Deployment", NS, name, 0, true); // dry run changes nothing
    expect((await getWorkload(bob, NS, "deployment", name))?.replicas).toBe(1);
    await scaleWorkload(bob, "Deployment", NS, name, 0);
    await until("pods gone", async () => (await listPods(bob, NS)).every((p) => !p.name.startsWith(`${name}-`)));
    expect((await getClaim(bob, NS, claim))?.phase).toBe("Bound");

    await scaleWorkload(bob, "Deployment", NS, name, 1);
    await until("running again", async () => (await podsOf(`${name}-`)).some((p) => p.phase === "Running"));
  });

  it("deletes exactly the Deployment that was shown; the kept claim has no user left", async () => {
    const w = await until("cached", () => getWorkload(bob, NS, "deployment", name));
    expect(previewDelete(toPreviewWorkload(w), false, await loadPreviewContext(bob, w)).claims).toMatchObject([{ claim, fate: "unused" }]);
    expect((await refusal(deleteWorkload(bob, "Deployment", NS, name, "00000000-0000-0000-0000-000000000000"))).kind).toBe("conflict");
    expect((await refusal(deleteWorkload(alice, "Deployment", NS, name, w.uid))).kind).toBe("forbidden");
    await deleteWorkload(bob, "Deployment", NS, name, w.uid, true);
    expect(await getWorkload(bob, NS, "deployment", name)).toBeDefined();
    await deleteWorkload(bob, "Deployment", NS, name, w.uid);
    await until("deployment and pods gone", async () => !(await getWorkload(bob, NS, "deployment", name)) && (await listPods(bob, NS)).every((p) => !p.name.startsWith(`${name}-`)));
    expect((await getClaim(bob, NS, claim))?.phase).toBe("Bound");
  });
});

describe("StatefulSet claim retention", () => {
  it("whenScaled=Delete removes exactly the higher ordinals' claims; Retain keeps them", async () => {
    const name = `int-wl-sts-${s}`;
    const claimOf = (i: number) => `data-${name}-${i}`;
    await createAll(statefulSet(name, 3, "Retain", "Retain"));
    for (const i of [0, 1, 2]) cleanup.push(PVC(claimOf(i)));
    await until("3 pods running", async () => (await podsOf(`${name}-`)).filter((p) => p.phase === "Running").length === 3, 90_000);
    let w = await until("cached", () => getWorkload(bob, NS, "statefulset", name));
    expect(w.retention).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });

    // Retain: 3 -> 2 keeps ordinal 2's claim.
    expect(previewScale(toPreviewWorkload(w), 2, await loadPreviewContext(bob, w)).claims).toMatchObject([{ claim: claimOf(2), fate: "stays" }]);
    await scaleWorkload(bob, "StatefulSet", NS, name, 2);
    await until("pod 2 gone", async () => !(await listPods(bob, NS)).some((p) => p.name === `${name}-2`));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getClaim(bob, NS, claimOf(2)))?.deleting ?? false).toBe(false);

    // Switch to whenScaled=Delete, then 2 -> 1: only ordinal 1's claim goes (ordinal 2 has no pod to condemn).
    await request({ method: "PATCH", path: `/apis/apps/v1/namespaces/${NS}/statefulsets/${name}`, as: bob, contentType: "application/merge-patch+json", body: { spec: { persistentVolumeClaimRetentionPolicy: { whenScaled: "Delete" } } } });
    w = await until("policy seen", async () => {
      const x = await getWorkload(bob, NS, "statefulset", name);
      return x?.retention.whenScaled === "Delete" ? x : undefined;
    });
    const plan = previewScale(toPreviewWorkload(w), 1, await loadPreviewContext(bob, w));
    expect(Object.fromEntries(plan.claims.map((c) => [c.claim, c.fate]))).toEqual({ [claimOf(1)]: "deleted", [claimOf(2)]: "stays" });
    expect(plan.pods).toEqual([`${name}-1`]);

    await scaleWorkload(bob, "StatefulSet", NS, name, 1);
    await until("ordinal 1's claim deleted", async () => !(await getClaim(bob, NS, claimOf(1))), 60_000);
    const left = (await listClaims(bob, NS)).filter((c) => c.name.startsWith(`data-${name}-`)).map((c) => c.name).sort();
    expect(left).toEqual([claimOf(0), claimOf(2)]);
  });

  it("whenDeleted=Delete: deleting the set deletes its claims (garbage collector)", async () => {
    const name = `int-wl-std-${s}`;
    const claimOf = (i: number) => `data-${name}-${i}`;
    await createAll(statefulSet(name, 2, "Retain", "Delete"));
    for (const i of [0, 1]) cleanup.push(PVC(claimOf(i)));
    await until("2 pods running", async () => (await podsOf(`${name}-`)).filter((p) => p.phase === "Running").length === 2, 90_000);
    const w = await until("cached", () => getWorkload(bob, NS, "statefulset", name));
    const plan = previewDelete(toPreviewWorkload(w), false, await loadPreviewContext(bob, w));
    expect(plan.claims.map((c) => [c.claim, c.fate, c.deletedBy])).toEqual([
      [claimOf(0), "deleted", "retention-policy"],
      [claimOf(1), "deleted", "retention-policy"],
    ]);
    await deleteWorkload(bob, "StatefulSet", NS, name, w.uid);
    await until("claims gone", async () => (await listClaims(bob, NS)).every((c) => !c.name.startsWith(`data-${name}-`)), 60_000);
  });
});

describe("why a deletion is stuck", () => {
  it("pvc-protection: stuck while a running pod uses the claim, done once the pod goes", async () => {
    const claim = `int-wl-prot-${s}`;
    const pod = `int-wl-holder-${s}`;
    await createClaim(bob, NS, claimManifest({ namespace: NS, name: claim, size: "1Gi", accessMode: "ReadWriteOnce", volumeMode: "Filesystem", storageClass: cls }));
    cleanup.push(PVC(claim));
    await request({ method: "POST", path: `/api/v1/namespaces/${NS}/pods`, as: bob, body: podBody(pod, claim) });
    cleanup.push(`/api/v1/namespaces/${NS}/pods/${pod}`);
    await until("running", async () => (await listPods(bob, NS)).some((p) => p.name === pod && p.phase === "Running"));
    const row = await until("bound", async () => {
      const c = await getClaim(bob, NS, claim);
      return c?.phase === "Bound" ? c : undefined;
    });
    await deleteClaim(bob, NS, claim, row.uid);
    const stuck = await until("stuck", async () => {
      const f = await loadClaimDeletion(bob, NS, claim, { uid: row.uid, volumeName: row.volumeName, reclaimPolicy: "Delete" });
      return f.stalled ? f : undefined;
    });
    expect(stuck.current?.reason).toMatch(new RegExp(`^Stuck: used by pod ${pod}`));
    expect(stuck.current?.links?.[0]?.label).toBe(`pod ${pod}`);

    await remove(`/api/v1/namespaces/${NS}/pods/${pod}`);
    const done = await until("claim and volume gone", async () => {
      const f = await loadClaimDeletion(bob, NS, claim, { uid: row.uid, volumeName: row.volumeName, reclaimPolicy: "Delete" });
      return f.steps.every((x) => x.status === "done") ? f : undefined;
    });
    expect(done.steps.map((x) => x.id)).toEqual(["deletion-requested", "pods-stopped", "claim-removed", "volume-reclaimed"]);
  });

  it("pv-protection: a volume deleted while its claim is bound waits for the claim", async () => {
    const pvName = `int-wl-pvp-${s}`;
    const claim = `int-wl-pvp-c-${s}`;
    await request({ method: "POST", path: "/api/v1/persistentvolumes", as: john, body: staticPv(pvName, "Retain") });
    cleanup.push(`/api/v1/persistentvolumes/${pvName}`);
    await createClaim(bob, NS, { ...claimManifest({ namespace: NS, name: claim, size: "1Gi", accessMode: "ReadWriteOnce", volumeMode: "Filesystem", storageClass: "" }), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "", volumeName: pvName } });
    cleanup.push(PVC(claim));
    await until("bound", async () => (await getPersistentVolume(pvName))?.phase === "Bound");
    await request({ method: "DELETE", path: `/api/v1/persistentvolumes/${pvName}`, as: john });
    const pv = await until("terminating", async () => {
      const v = await getPersistentVolume(pvName);
      return v?.deleting ? v : undefined;
    });
    const [h] = volumeHoldups(pv, []);
    expect(h).toMatchObject({ finalizer: "kubernetes.io/pv-protection", stuck: true });
    expect(h?.reason).toContain(`claim ${NS}/${claim} is still bound`);
    await deleteClaim(bob, NS, claim, undefined);
    await until("volume gone once the claim is", async () => !(await getPersistentVolume(pvName)), 60_000);
  });

  it("external-provisioner finalizer (SIMULATED: no CSI driver runs here; the test adds the finalizer and a warning event)", async () => {
    const pvName = `int-wl-ext-${s}`;
    const claim = `int-wl-ext-c-${s}`;
    const body = staticPv(pvName, "Retain");
    body.metadata.finalizers = ["external-provisioner.volume.kubernetes.io/finalizer"];
    body.metadata.annotations = { "pv.kubernetes.io/provisioned-by": "simulated.csi.example" };
    await request({ method: "POST", path: "/api/v1/persistentvolumes", as: john, body });
    cleanup.push(`/api/v1/persistentvolumes/${pvName}`);
    await createClaim(bob, NS, { ...claimManifest({ namespace: NS, name: claim, size: "1Gi", accessMode: "ReadWriteOnce", volumeMode: "Filesystem", storageClass: "" }), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "", volumeName: pvName } });
    const row = await until("bound", async () => {
      const c = await getClaim(bob, NS, claim);
      return c?.phase === "Bound" ? c : undefined;
    });
    await request({
      method: "POST",
      path: "/api/v1/namespaces/default/events",
      as: john,
      body: { apiVersion: "v1", kind: "Event", metadata: { name: `${pvName}.sim` }, involvedObject: { kind: "PersistentVolume", name: pvName, apiVersion: "v1" }, reason: "VolumeFailedDelete", message: "simulated: backend unreachable", type: "Warning", source: { component: "simulated-provisioner" }, firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1 },
    });
    // (The simulated event expires with the apiserver's event TTL; the portal may not delete events.)
    await deleteClaim(bob, NS, claim, row.uid);
    await request({ method: "DELETE", path: `/api/v1/persistentvolumes/${pvName}`, as: john });
    const f = await until("stuck on the driver", async () => {
      const x = await loadClaimDeletion(john, NS, claim, { uid: row.uid, volumeName: pvName, reclaimPolicy: "Delete" });
      return x.stalled ? x : undefined;
    });
    expect(f.current?.id).toBe("volume-reclaimed");
    expect(f.current?.reason).toContain("simulated.csi.example has not finished deleting");
    expect(f.current?.reason).toContain("VolumeFailedDelete: simulated: backend unreachable");
    // The admin's explicit escape hatch: refused for Bob and for a stale version; audited for John.
    const stuckPv = (await getPersistentVolume(pvName))!;
    const fin = "external-provisioner.volume.kubernetes.io/finalizer";
    expect((await refusal(removeVolumeFinalizer(bob, pvName, fin, stuckPv))).kind).toBe("forbidden");
    expect((await refusal(removeVolumeFinalizer(john, pvName, fin, { uid: stuckPv.uid, resourceVersion: "1" }))).kind).toBe("conflict");
    await removeVolumeFinalizer(john, pvName, fin, stuckPv, { dryRun: true });
    expect((await getPersistentVolume(pvName))?.finalizers).toContain(fin);
    await removeVolumeFinalizer(john, pvName, fin, stuckPv);
    await until("volume gone", async () => !(await getPersistentVolume(pvName)), 30_000);
    const audit = await request<{ items: { reason: string; message: string }[] }>({ path: "/api/v1/namespaces/default/events", as: john, query: { fieldSelector: `involvedObject.name=${pvName}` } });
    expect(audit.items.map((e) => e.message)).toContain(`john removed finalizer ${fin} through Bindery after confirming the warning.`);
  });
});

function staticPv(name: string, reclaim: "Retain" | "Delete") {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name } as { name: string; finalizers?: string[]; annotations?: Record<string, string> },
    spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: reclaim, storageClassName: "", hostPath: { path: `/tmp/bindery-int/${name}` } },
  };
}

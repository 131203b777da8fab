import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./session-mock";

// Snapshot, restore, clone, snapshot classes and attribute classes through the real server
// actions against the real cluster (VolumeSnapshot CRDs installed, no CSI driver needed):
// only the Next.js request context is replaced (session, revalidatePath, redirect).

import { alice, bob, del, fieldErrorsOf, get, john, post, uniq, waitFor, claimManifest } from "./support";
import { adminKeepSnapshotThenDeleteAction, deleteExpiredKeptSnapshotAction, keepSnapshotThenDeleteAction } from "@/lib/actions/keep-snapshot";
import { cloneClaimAction, deleteSnapshotAction, restoreSnapshotAction, takeSnapshotAction } from "@/lib/actions/snapshots";
import { createAttributesClassAction, createSnapshotClassAction, deleteAttributesClassAction, deleteSnapshotClassAction, updateSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { discoverMissingSnapshotKinds, missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { informer } from "@/lib/k8s/informers";
import { createSnapshot } from "@/lib/k8s/volume-snapshots";
import { buildVolumeSnapshot } from "@/lib/storage/snapshots";
import { isK8sError } from "@/lib/k8s/errors";

const fieldErrors = fieldErrorsOf;

const SNAP = "/apis/snapshot.storage.k8s.io/v1";
// The VolumeSnapshot CRDs come with the CSI stack's bootstrap (cluster issue 9). Without them
// only the detection is tested; with BINDERY_REQUIRE_CSI=1 their absence fails everything.
const crdsPresent = (await discoverMissingSnapshotKinds()).length === 0;
const withCrds = crdsPresent || process.env.BINDERY_REQUIRE_CSI === "1";
const run = uniq("it-snap");
const driver = `${run}.csi.bindery.io`;
const otherDriver = `${run}-other.csi.bindery.io`;
const sc = `${run}-sc`;
const claim = `${run}-db`;
const pvName = `${run}-pv`;
const cleanup: string[] = [];

interface VSClass {
  metadata: { name: string; uid: string; resourceVersion: string; annotations?: Record<string, string> };
  driver: string;
  deletionPolicy: string;
}
const isDefault = (c: VSClass) => c.metadata.annotations?.["snapshot.storage.kubernetes.io/is-default-class"] === "true";
const readClass = (name: string) => get<VSClass>(`${SNAP}/volumesnapshotclasses/${name}`);

beforeAll(async () => {
  if (!withCrds) return;
  // A CSI driver object, a class on it, and a claim bound to a hand-made PV of that class:
  // real API objects, no driver process needed for the writes checked here.
  for (const d of [driver, otherDriver]) {
    await post("/apis/storage.k8s.io/v1/csidrivers", { apiVersion: "storage.k8s.io/v1", kind: "CSIDriver", metadata: { name: d }, spec: { attachRequired: false } });
    cleanup.push(`/apis/storage.k8s.io/v1/csidrivers/${d}`);
  }
  await post("/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc }, provisioner: driver, volumeBindingMode: "Immediate" });
  cleanup.push(`/apis/storage.k8s.io/v1/storageclasses/${sc}`);
  await post("/api/v1/persistentvolumes", {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: pvName },
    spec: {
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      storageClassName: sc,
      persistentVolumeReclaimPolicy: "Retain",
      csi: { driver, volumeHandle: `${run}-vol` },
      claimRef: { namespace: "team-a", name: claim },
    },
  });
  cleanup.push(`/api/v1/persistentvolumes/${pvName}`);
  await post("/api/v1/namespaces/team-a/persistentvolumeclaims", claimManifest(claim, sc, "1Gi"), bob);
  cleanup.unshift(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`);
  const inf = informer<{ metadata: { name: string }; status?: { phase?: string } }>("persistentvolumeclaims");
  await waitFor("claim Bound in the portal's cache", async () => inf.get(claim, "team-a")?.status?.phase === "Bound");
});

afterAll(async () => {
  for (const p of cleanup) await del(p);
});

describe("snapshot API discovery", () => {
  it("agrees with discovery, and reports every kind of a group the cluster does not serve", async () => {
    expect(await missingSnapshotApi()).toEqual(crdsPresent ? [] : ["volumesnapshots", "volumesnapshotclasses", "volumesnapshotcontents"]);
    if (process.env.BINDERY_REQUIRE_CSI === "1") expect(crdsPresent).toBe(true);
    expect(await discoverMissingSnapshotKinds("snapshot.nothing.bindery.io/v1")).toEqual(["volumesnapshots", "volumesnapshotclasses", "volumesnapshotcontents"]);
  });
});

describe.runIf(withCrds)("snapshot classes (John)", () => {
  const a = `${run}-a`;
  const b = `${run}-b`;
  const c = `${run}-c`;
  afterAll(async () => {
    for (const n of [a, b, c]) await del(`${SNAP}/volumesnapshotclasses/${n}`);
  });

  it("creates a class after a dry run and refuses bad input with field errors", async () => {
    const bad = await call(createSnapshotClassAction, { name: "Bad Name", driver: "", deletionPolicy: "Keep" });
    expect(Object.keys(fieldErrors(bad)).sort()).toEqual(["deletionPolicy", "driver", "name"]);
    const check = await call(createSnapshotClassAction, { name: a, driver, deletionPolicy: "Delete", isDefault: "true", intent: "check" });
    expect(check).toEqual({ ok: true, message: expect.stringMatching(/dry run/) });
    await expect(readClass(a)).rejects.toSatisfy((e) => isK8sError(e) && e.kind === "not-found");
    const made = await call(createSnapshotClassAction, { name: a, driver, deletionPolicy: "Delete", isDefault: "true", "parameters.0.key": "compress", "parameters.0.value": "gzip" });
    expect(made).toEqual({ redirectTo: expect.stringContaining(`name=${a}`) });
    const got = await readClass(a);
    expect(got.driver).toBe(driver);
    expect(isDefault(got)).toBe(true);
    const again = await call(createSnapshotClassAction, { name: a, driver, deletionPolicy: "Delete" });
    expect(fieldErrors(again).name).toMatch(/already exists/);
  });

  it("keeps one default per driver: a new default clears the driver's old one, not another driver's", async () => {
    await call(createSnapshotClassAction, { name: c, driver: otherDriver, deletionPolicy: "Retain", isDefault: "true" });
    await call(createSnapshotClassAction, { name: b, driver, deletionPolicy: "Retain", isDefault: "true" });
    expect(isDefault(await readClass(b))).toBe(true);
    expect(isDefault(await readClass(a))).toBe(false);
    expect(isDefault(await readClass(c))).toBe(true);
  });

  it("edits the deletion policy in place and never the driver", async () => {
    const cur = await readClass(a);
    const r = await call(updateSnapshotClassAction, { name: a, driver: "changed.example.com", deletionPolicy: "Retain", resourceVersion: cur.metadata.resourceVersion, "parameters.0.key": "compress", "parameters.0.value": "gzip" });
    expect(r).toEqual({ redirectTo: expect.stringContaining("done=updated") });
    const after = await readClass(a);
    expect(after.deletionPolicy).toBe("Retain");
    expect(after.driver).toBe(driver);
    const stale = await call(updateSnapshotClassAction, { name: a, driver, deletionPolicy: "Delete", resourceVersion: cur.metadata.resourceVersion });
    expect(fieldErrors(stale).resourceVersion).toBeTruthy();
  });

  it("replaces a class for another driver or parameters: confirmed, checked by dry run, then delete + create", async () => {
    const cur = await readClass(b);
    const form = { name: b, driver: otherDriver, deletionPolicy: "Retain", isDefault: "true", description: "replaced", mode: "replace", uid: cur.metadata.uid, resourceVersion: cur.metadata.resourceVersion, "parameters.0.key": "compress", "parameters.0.value": "zstd" };
    // Nothing immutable changed: no replace.
    const same = await call(updateSnapshotClassAction, { ...form, driver, "parameters.0.key": "", "parameters.0.value": "", confirmReplace: "true" });
    expect(fieldErrors(same).mode).toMatch(/Nothing that needs a replace/);
    expect(fieldErrors(await call(updateSnapshotClassAction, form)).confirmReplace).toMatch(/Confirm/);
    // Check: both halves dry-run, nothing changes.
    expect(await call(updateSnapshotClassAction, { ...form, confirmReplace: "true", intent: "check" })).toEqual({ ok: true, message: expect.stringMatching(/dry run/) });
    expect((await readClass(b)).metadata.uid).toBe(cur.metadata.uid);
    // A stale version: the dry-run delete is refused and the class stays.
    const stale = await call(updateSnapshotClassAction, { ...form, confirmReplace: "true", resourceVersion: "1" });
    expect("ok" in stale && !stale.ok).toBe(true);
    expect((await readClass(b)).metadata.uid).toBe(cur.metadata.uid);
    // Bob may not: refused before anything is sent.
    expect(await call(updateSnapshotClassAction, { ...form, confirmReplace: "true" }, bob)).toEqual({ redirectTo: expect.stringContaining("forbidden") });
    expect(await call(updateSnapshotClassAction, { ...form, confirmReplace: "true" })).toEqual({ redirectTo: expect.stringContaining("done=replaced") });
    const after = await readClass(b);
    expect(after.metadata.uid).not.toBe(cur.metadata.uid);
    expect(after).toMatchObject({ driver: otherDriver, parameters: { compress: "zstd" }, deletionPolicy: "Retain" });
    expect(isDefault(after)).toBe(true);
  });

  it("is refused to a developer (admin-only action, and RBAC for a direct write)", async () => {
    const r = await call(createSnapshotClassAction, { name: `${run}-bob`, driver, deletionPolicy: "Delete" }, bob);
    expect(r).toEqual({ redirectTo: expect.stringContaining("forbidden") });
    const direct = await post(`${SNAP}/volumesnapshotclasses`, { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: `${run}-bob` }, driver, deletionPolicy: "Delete" }, bob).catch((e: unknown) => e);
    expect(isK8sError(direct) && direct.kind === "forbidden").toBe(true);
  });

  it("deletes exactly the class shown (uid precondition)", async () => {
    const cur = await readClass(c);
    const wrong = await call(deleteSnapshotClassAction, { name: c, uid: "00000000-0000-0000-0000-000000000000" });
    expect("ok" in wrong && !wrong.ok).toBe(true);
    expect(await call(deleteSnapshotClassAction, { name: c, uid: cur.metadata.uid })).toEqual({ redirectTo: expect.stringContaining(`deleted=${c}`) });
    await expect(readClass(c)).rejects.toSatisfy((e) => isK8sError(e) && e.kind === "not-found");
  });
});

describe.runIf(withCrds)("attribute classes (John)", () => {
  const name = `${run}-vac`;
  afterAll(() => del(`/apis/storage.k8s.io/v1/volumeattributesclasses/${name}`));
  it("creates and deletes a VolumeAttributesClass", async () => {
    expect(Object.keys(fieldErrors(await call(createAttributesClassAction, { name, driverName: driver })))).toEqual(["parameters"]);
    const made = await call(createAttributesClassAction, { name, driverName: driver, "parameters.0.key": "tier", "parameters.0.value": "fast" });
    expect(made).toEqual({ redirectTo: expect.stringContaining(name) });
    const got = await get<{ driverName: string; parameters: Record<string, string>; metadata: { uid: string } }>(`/apis/storage.k8s.io/v1/volumeattributesclasses/${name}`);
    expect(got).toMatchObject({ driverName: driver, parameters: { tier: "fast" } });
    expect(await call(deleteAttributesClassAction, { name, uid: got.metadata.uid })).toEqual({ redirectTo: expect.stringContaining(`deleted=${name}`) });
  });
});

describe.runIf(withCrds)("snapshots, restore and clone (Bob)", () => {
  const cls = `${run}-bobclass`;
  const snap = `${run}-s1`;
  beforeAll(async () => {
    await call(createSnapshotClassAction, { name: cls, driver, deletionPolicy: "Delete", isDefault: "true" });
    await waitFor("class in the cache", async () => informer("volumesnapshotclasses").get(cls));
  });
  afterAll(async () => {
    for (const n of [`${run}-restored`, `${run}-clone`]) await del(`/api/v1/namespaces/team-a/persistentvolumeclaims/${n}`);
    await del(`${SNAP}/namespaces/team-a/volumesnapshots/${snap}`);
    await del(`${SNAP}/volumesnapshotclasses/${cls}`);
  });

  it("takes a snapshot of a Bound claim with a class of the claim's driver only", async () => {
    const wrong = await call(takeSnapshotAction, { namespace: "team-a", claim, name: snap, className: `${run}-b-nonexistent` }, bob);
    expect(fieldErrors(wrong).className).toMatch(new RegExp(`driver ${driver.replaceAll(".", "\\.")}`));
    const r = await call(takeSnapshotAction, { namespace: "team-a", claim, name: snap, className: cls }, bob);
    expect(r).toEqual({ redirectTo: `/snapshots/team-a/${snap}` });
    const got = await get<{ spec: unknown; metadata: { annotations: Record<string, string> } }>(`${SNAP}/namespaces/team-a/volumesnapshots/${snap}`, bob);
    expect(got.spec).toEqual({ volumeSnapshotClassName: cls, source: { persistentVolumeClaimName: claim } });
    expect(got.metadata.annotations["bindery.io/source-storage-class"]).toBe(sc);
  });

  it("refuses Alice in team-a (portal check, and the apiserver's RBAC for a direct write)", async () => {
    const r = await call(takeSnapshotAction, { namespace: "team-a", claim, name: `${run}-alice`, className: cls }, alice);
    expect(fieldErrors(r).claim).toMatch(/may not see it/);
    const direct = await createSnapshot(alice, buildVolumeSnapshot({ namespace: "team-a", name: `${run}-alice`, claim, className: cls })).catch((e: unknown) => e);
    expect(isK8sError(direct) && direct.kind === "forbidden").toBe(true);
  });

  it("restores into a new claim whose dataSource is the snapshot (accepted by the apiserver)", async () => {
    const bad = await call(restoreSnapshotAction, { namespace: "team-a", snapshot: snap, name: `${run}-restored`, storageClass: "standard", size: "1Gi", accessModes: "ReadWriteOnce" }, bob);
    expect(Object.keys(fieldErrors(bad))).toEqual(["storageClass"]);
    const r = await call(restoreSnapshotAction, { namespace: "team-a", snapshot: snap, name: `${run}-restored`, storageClass: sc, size: "1Gi", accessModes: "ReadWriteOnce" }, bob);
    expect(r).toEqual({ redirectTo: `/claims/team-a/${run}-restored` });
    const pvc = await get<{ spec: { dataSource: unknown; dataSourceRef: unknown } }>(`/api/v1/namespaces/team-a/persistentvolumeclaims/${run}-restored`, bob);
    expect(pvc.spec.dataSource).toEqual({ apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: snap });
  });

  it("clones a claim in its namespace and class, never smaller than the source", async () => {
    const small = await call(cloneClaimAction, { namespace: "team-a", source: claim, name: `${run}-clone`, size: "512Mi", sourceSize: "1Mi" }, bob);
    expect(fieldErrors(small).size).toMatch(/source claim is 1Gi/);
    const r = await call(cloneClaimAction, { namespace: "team-a", source: claim, name: `${run}-clone`, size: "1Gi" }, bob);
    expect(r).toEqual({ redirectTo: `/claims/team-a/${run}-clone` });
    const pvc = await get<{ spec: { dataSource: unknown; storageClassName: string } }>(`/api/v1/namespaces/team-a/persistentvolumeclaims/${run}-clone`, bob);
    expect(pvc.spec).toMatchObject({ dataSource: { kind: "PersistentVolumeClaim", name: claim }, storageClassName: sc });
  });

  it("deletes the snapshot shown, as Bob", async () => {
    const s = await get<{ metadata: { uid: string } }>(`${SNAP}/namespaces/team-a/volumesnapshots/${snap}`, bob);
    const r = await call(deleteSnapshotAction, { namespace: "team-a", name: snap, uid: s.metadata.uid }, bob);
    expect(r).toEqual({ redirectTo: expect.stringContaining(`deleted=${snap}`) });
  });
});

describe.runIf(withCrds)("snapshot first, then delete", () => {
  const cls = `${run}-keepclass`;
  const today = new Date().toISOString().slice(0, 10);
  beforeAll(async () => {
    process.env.BINDERY_KEEP_WAIT_MS = "1500";
    await call(createSnapshotClassAction, { name: cls, driver, deletionPolicy: "Delete" });
    await waitFor("class in the cache", async () => informer("volumesnapshotclasses").get(cls));
  });
  afterAll(async () => {
    await del(`${SNAP}/volumesnapshotclasses/${cls}`);
  });

  it("keeps an annotated snapshot and does NOT delete the claim while the snapshot is not ready", async () => {
    const pvc = await get<{ metadata: { uid: string } }>(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`, bob);
    const past = await call(keepSnapshotThenDeleteAction, { namespace: "team-a", name: claim, uid: pvc.metadata.uid, className: cls, keepUntil: "2001-01-01" }, bob);
    expect(fieldErrors(past).keepUntil).toMatch(/past/);
    const r = await call(keepSnapshotThenDeleteAction, { namespace: "team-a", name: claim, uid: pvc.metadata.uid, className: cls, keepUntil: today }, bob);
    expect("ok" in r && !r.ok && r.message).toMatch(/NOT deleted/);
    const snapName = `${claim}-kept-${pvc.metadata.uid.replace(/-/g, "").slice(0, 8)}`;
    cleanup.unshift(`${SNAP}/namespaces/team-a/volumesnapshots/${snapName}`);
    const snap = await get<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> } }>(`${SNAP}/namespaces/team-a/volumesnapshots/${snapName}`, bob);
    expect(snap.metadata.labels["bindery.io/kept"]).toBe("true");
    expect(snap.metadata.annotations).toMatchObject({ "bindery.io/kept-by": "bob", "bindery.io/kept-from-claim": claim, "bindery.io/keep-until": today });
    // The claim is still there: no snapshot, no delete.
    expect((await get<{ metadata: { uid: string } }>(`/api/v1/namespaces/team-a/persistentvolumeclaims/${claim}`, bob)).metadata.uid).toBe(pvc.metadata.uid);
    // A retry reuses the same snapshot instead of failing on the name.
    const again = await call(adminKeepSnapshotThenDeleteAction, { namespace: "team-a", name: claim, uid: pvc.metadata.uid, className: cls, keepUntil: today }, john);
    expect("ok" in again && !again.ok && again.message).toMatch(/NOT deleted/);
  });

  it("deletes an expired kept snapshot only when John confirms it", async () => {
    const name = `${run}-expired`;
    const body = buildVolumeSnapshot({ namespace: "team-a", name, claim, className: cls, kept: { by: "bob", fromClaim: claim, until: "2020-01-01" } });
    const made = (await createSnapshot(bob, body)) as unknown as { metadata: { uid: string } };
    cleanup.unshift(`${SNAP}/namespaces/team-a/volumesnapshots/${name}`);
    expect(await call(deleteExpiredKeptSnapshotAction, { namespace: "team-a", name, uid: made.metadata.uid }, bob)).toEqual({ redirectTo: expect.stringContaining("forbidden") });
    const r = await call(deleteExpiredKeptSnapshotAction, { namespace: "team-a", name, uid: made.metadata.uid }, john);
    expect(r).toMatchObject({ ok: true });
  });
});

import { afterAll, describe, expect, it, vi } from "vitest";
import { call, signInAs } from "./session-mock";

// Real actions and the real preview route against the cluster; only the Next.js request
// context (session, revalidatePath, redirect) is replaced.

import { createPersistentVolumeAction, deletePersistentVolumeAction, makeVolumeAvailableAction } from "@/lib/actions/persistent-volumes";
import type { ActionResult } from "@/lib/actions/result";
import { GET as preview } from "@/app/api/admin/pv-preview/route";
import type { PreviewResponse } from "@/components/volumes/match-preview";
import { createObject, deleteObject, patchObject, readObject } from "@/lib/k8s/writes";
import { allInformers } from "@/lib/k8s/informers";
import { isK8sError } from "@/lib/k8s/errors";

const john = { user: "john", groups: ["bindery:admins"] };
const bob = { user: "bob", groups: ["bindery:developers", "bindery:team-a"] };
const run = Date.now().toString(36);
// The PV controller binds in well under a second on an idle cluster; under a 10k-volume scale
// test it was seen to take minutes, so binder-dependent steps get a generous wait.
const BINDER_WAIT_MS = 120_000;
const SLOW = { timeout: 3 * BINDER_WAIT_MS };
const cls = `it-pv-manual-${run}`; // a class name with no StorageClass object, like "manual"
const pvs = new Set<string>();
const claims = new Set<string>();
const pvName = (s: string) => {
  const n = `it-pv-${s}-${run}`;
  pvs.add(n);
  return n;
};

interface PV {
  metadata: { name: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
  spec: Record<string, unknown> & { claimRef?: { namespace: string; name: string } };
  status?: { phase?: string };
}


const getPV = (name: string) => readObject<PV>("persistentvolumes", name, {});
async function pvExists(name: string): Promise<boolean> {
  try {
    await getPV(name);
    return true;
  } catch (e) {
    if (isK8sError(e) && e.kind === "not-found") return false;
    throw e;
  }
}
async function waitPhase(name: string, phase: string): Promise<PV> {
  let pv: PV | undefined;
  await vi.waitFor(async () => {
    pv = await getPV(name);
    expect(pv.status?.phase).toBe(phase);
  }, { timeout: BINDER_WAIT_MS, interval: 250 });
  return pv!;
}

const form = (name: string, extra: Record<string, string | string[]> = {}) => ({
  name,
  capacity: "10Gi",
  accessModes: "ReadWriteOnce",
  volumeMode: "Filesystem",
  reclaimPolicy: "Retain",
  storageClassName: cls,
  sourceType: "hostPath",
  "hostPath.path": `/tmp/hostpath_pv/${name}`,
  "hostPath.shared": "true",
  ...extra,
});

async function makeClaim(name: string, size: string, storageClassName = cls) {
  claims.add(name);
  await createObject(
    "persistentvolumeclaims",
    { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: "team-a" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage: size } } } },
    { as: john, namespace: "team-a" },
  );
}
const removeClaim = (name: string) => deleteObject("persistentvolumeclaims", name, { as: john, namespace: "team-a" }).catch(() => undefined);

afterAll(async () => {
  for (const c of claims) await removeClaim(c);
  for (const p of pvs) await deleteObject("persistentvolumes", p, { as: john }).catch(() => undefined);
  for (const inf of allInformers()) inf.stop();
});

describe("creating static volumes", () => {
  it("creates John's hostPath volume with a class that has no StorageClass object", SLOW, async () => {
    const name = pvName("create");
    const out = await call(createPersistentVolumeAction, form(name, { "labels.0.key": "disk", "labels.0.value": "hdd" }));
    expect(out).toEqual({ redirectTo: `/admin/volumes/${name}?done=created` });
    const pv = await getPV(name);
    expect(pv.spec).toMatchObject({ capacity: { storage: "10Gi" }, storageClassName: cls, persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/tmp/hostpath_pv/${name}` } });
    expect(pv.metadata.labels).toEqual({ disk: "hdd" });
    expect((await waitPhase(name, "Available")).status?.phase).toBe("Available");
  });

  it("pins a local volume to a real node and refuses an unknown one", async () => {
    const name = pvName("local");
    const unknown = (await call(createPersistentVolumeAction, form(name, { sourceType: "local", "local.path": "/mnt/disks/a", "local.node": "no-such-node" }))) as ActionResult;
    expect(unknown.ok === false && unknown.fieldErrors["local.node"]).toMatch(/No node/);
    expect(await pvExists(name)).toBe(false);
    await call(createPersistentVolumeAction, form(name, { sourceType: "local", "local.path": "/mnt/disks/a", "local.node": "bindery-node-2" }));
    const pv = await getPV(name);
    expect(JSON.stringify(pv.spec.nodeAffinity)).toContain("bindery-node-2");
  });

  it("maps the apiserver's dry-run rejection to the access modes field", async () => {
    const name = pvName("rwop");
    // The form schema allows any set of modes; the apiserver refuses ReadWriteOncePod with others.
    const out = (await call(createPersistentVolumeAction, form(name, { accessModes: ["ReadWriteOncePod", "ReadWriteOnce"] }))) as ActionResult;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fieldErrors.accessModes).toMatch(/ReadWriteOncePod/);
    expect(out.values?.accessModes).toBe("ReadWriteOncePod\nReadWriteOnce");
    expect(await pvExists(name)).toBe(false);
  });

  it("refuses Bob", async () => {
    const name = pvName("bob");
    expect(await call(createPersistentVolumeAction, form(name), bob)).toEqual({ redirectTo: "/forbidden" });
    expect(await pvExists(name)).toBe(false);
  });
});

describe("match preview", () => {
  const ask = async (values: Record<string, string>, as = john) => {
    signInAs(as);
    return preview(new Request(`http://portal/api/admin/pv-preview?${new URLSearchParams(values)}`));
  };

  it("lists the pending claims the draft would bind to and picks the likely one", async () => {
    // Its own class: an Available volume of `cls` from the tests above would bind these at once.
    const previewClass = `${cls}-preview`;
    await makeClaim(`it-mysql-${run}`, "3Gi", previewClass);
    await makeClaim(`it-big-${run}`, "20Gi", previewClass);
    await makeClaim(`it-other-class-${run}`, "1Gi", `${cls}-other`);
    await vi.waitFor(async () => {
      const res = await ask(form("draft", { storageClassName: previewClass }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as PreviewResponse;
      expect(body.matches.map((m) => [m.name, m.likely])).toEqual([[`it-mysql-${run}`, true]]);
      expect(body.misses.find((m) => m.name === `it-big-${run}`)?.reasons.join()).toMatch(/too small/);
      expect(body.misses.some((m) => m.name === `it-other-class-${run}`)).toBe(false);
    }, { timeout: 15_000, interval: 200 });
  });

  it("answers Bob with 403", async () => {
    expect((await ask(form("draft"), bob)).status).toBe(403);
  });
});

describe("released volumes", () => {
  it("makes a Released volume available again (claimRef cleared), only with the confirmed version", SLOW, async () => {
    const name = pvName("recycle");
    const claim = `it-recycle-${run}`;
    // Its own class, so no other Available volume of the tests above can take the claim first.
    const recycleClass = `${cls}-recycle`;
    await call(createPersistentVolumeAction, form(name, { storageClassName: recycleClass, "claimRef.namespace": "team-a", "claimRef.name": claim }));
    await makeClaim(claim, "1Gi", recycleClass);
    await waitPhase(name, "Bound");
    await removeClaim(claim);
    const released = await waitPhase(name, "Released");
    expect(released.spec.claimRef?.name).toBe(claim);

    const unconfirmed = (await call(makeVolumeAvailableAction, { name, uid: released.metadata.uid, resourceVersion: released.metadata.resourceVersion })) as ActionResult;
    expect(unconfirmed.ok).toBe(false);

    await patchObject("persistentvolumes", name, { metadata: { labels: { touched: "yes" } } }, { as: john });
    const stale = (await call(makeVolumeAvailableAction, { name, uid: released.metadata.uid, resourceVersion: released.metadata.resourceVersion, acknowledge: "true" })) as ActionResult;
    expect(stale.ok).toBe(false);
    expect((await getPV(name)).spec.claimRef?.name).toBe(claim);

    const fresh = await getPV(name);
    expect(await call(makeVolumeAvailableAction, { name, uid: fresh.metadata.uid, resourceVersion: fresh.metadata.resourceVersion, acknowledge: "true" }, bob)).toEqual({ redirectTo: "/forbidden" });
    const out = await call(makeVolumeAvailableAction, { name, uid: fresh.metadata.uid, resourceVersion: fresh.metadata.resourceVersion, acknowledge: "true" });
    expect(out).toEqual({ redirectTo: `/admin/volumes/${name}?done=available` });
    const available = await waitPhase(name, "Available");
    expect(available.spec.claimRef).toBeUndefined();
  });

  it("refuses to clear the claim of a volume that is not Released", SLOW, async () => {
    const name = pvName("not-released");
    await call(createPersistentVolumeAction, form(name));
    const pv = await waitPhase(name, "Available");
    const out = (await call(makeVolumeAvailableAction, { name, uid: pv.metadata.uid, resourceVersion: pv.metadata.resourceVersion, acknowledge: "true" })) as ActionResult;
    expect(out.ok === false && out.message).toMatch(/not Released/);
  });

  it("deletes only the volume that was shown, and not for Bob", async () => {
    const name = pvName("delete");
    await call(createPersistentVolumeAction, form(name));
    const pv = await getPV(name);
    expect(await call(deletePersistentVolumeAction, { name, uid: pv.metadata.uid }, bob)).toEqual({ redirectTo: "/forbidden" });
    expect(((await call(deletePersistentVolumeAction, { name, uid: "00000000-0000-0000-0000-000000000000" })) as ActionResult).ok).toBe(false);
    expect(await pvExists(name)).toBe(true);
    expect(await call(deletePersistentVolumeAction, { name, uid: pv.metadata.uid })).toEqual({ redirectTo: `/admin/volumes?deleted=${name}` });
    await vi.waitFor(async () => expect(await pvExists(name)).toBe(false), { timeout: 15_000 });
  });
});

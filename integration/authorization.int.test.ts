import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import "./next-mocks";

// Every server action and route handler, called by someone who must not use it: nothing may
// change in the (real) cluster. The session is real too: a next-auth session cookie, encrypted
// with the server's secret, decoded by next-auth's own getServerSession with the portal's
// authOptions (lifetime, revocation). Only the Next.js request plumbing is replaced: where the
// cookie comes from, revalidatePath, and redirect (thrown, as Next does).
process.env.NEXTAUTH_SECRET = "integration-secret-0123456789abcdefghijklmnop";
process.env.NEXTAUTH_URL = "http://localhost:3000";

const jar = vi.hoisted(() => ({ cookie: undefined as string | undefined }));
vi.mock("next-auth", async (orig) => {
  const real = await orig<typeof import("next-auth")>();
  return {
    ...real,
    // App Router code passes only the options: the cookie comes from the jar. Code answered by
    // plain Node (the live stream) passes (req, res, options) and reads the request's own header.
    getServerSession: (...args: unknown[]) =>
      args.length === 3
        ? real.getServerSession(...(args as [never, never, import("next-auth").NextAuthOptions]))
        : real.getServerSession(
            { headers: {}, cookies: jar.cookie ? { "next-auth.session-token": jar.cookie } : {} } as never,
            { getHeader: () => undefined, setHeader: () => undefined, setCookie: () => undefined } as never,
            args[0] as import("next-auth").NextAuthOptions,
          ),
  };
});

import { encode } from "next-auth/jwt";
import { authOptions } from "@/lib/auth/options";
import { createStorageClassAction, deleteStorageClassAction, updateStorageClassAction } from "@/lib/actions/storage-classes";
import { createPersistentVolumeAction, deletePersistentVolumeAction, makeVolumeAvailableAction } from "@/lib/actions/persistent-volumes";
import { deleteClaimAction, expandClaimAction, requestClaimAction } from "@/lib/actions/claims";
import { requestWorkloadAction } from "@/lib/actions/workloads";
import { deleteWorkloadAction, scaleWorkloadAction } from "@/lib/actions/workload-lifecycle";
import { changeAttributesClassAction, cloneClaimAction, deleteSnapshotAction, restoreSnapshotAction, takeSnapshotAction } from "@/lib/actions/snapshots";
import { adminKeepSnapshotThenDeleteAction, deleteExpiredKeptSnapshotAction, keepSnapshotThenDeleteAction } from "@/lib/actions/keep-snapshot";
import { createAttributesClassAction, createSnapshotClassAction, deleteAttributesClassAction, deleteSnapshotClassAction, updateSnapshotClassAction } from "@/lib/actions/snapshot-classes";
import { previewCleanupAction, runCleanupAction } from "@/app/(admin)/admin/unused/actions";
import { GET as unusedRoute } from "@/app/api/unused/route";
import { GET as pvPreviewRoute } from "@/app/api/admin/pv-preview/route";
import { serveStream } from "@/lib/live/serve-stream";
import { nodeCall } from "./node-request";
import { createObject, deleteObject, readObject } from "@/lib/k8s/writes";
import { kube } from "@/e2e/support/kube";
import { allInformers } from "@/lib/k8s/informers";
import { john, bob, alice, submit, type FormAction } from "./support";

const run = Date.now().toString(36);
const SC = `it-authz-sc-${run}`;
const PV = `it-authz-pv-${run}`;
const PVC_B = `it-authz-b-${run}`;
const NEW = `it-authz-new-${run}`; // what a refused create would have been called
const DEP = `it-authz-dep-${run}`;
const VSC = `it-authz-vsc-${run}`;
const VAC = `it-authz-vac-${run}`;
const SNAP = `it-authz-snap-${run}`;
const SNAP_API = "/apis/snapshot.storage.k8s.io/v1";

type Person = { user: string; groups: string[] } | "signed-out";

async function signInAs(who: Person, facts: Record<string, unknown> = {}): Promise<void> {
  if (who === "signed-out") {
    jar.cookie = undefined;
    return;
  }
  const now = Date.now();
  jar.cookie = await encode({
    secret: process.env.NEXTAUTH_SECRET!,
    token: { name: who.user, groups: who.groups, sid: `it-${Math.random()}`, signedInAt: now, groupsCheckedAt: now, provider: "demo", ...facts },
  });
}

type Action = (prev: never, fd: FormData) => Promise<unknown>;
/** Submits as whoever holds the cookie; a redirect comes back as { redirectTo }. */
function act(action: Action, values: Record<string, string>): Promise<unknown> {
  return submit(action as unknown as FormAction, values);
}

/** Everything the calls could touch, as the cluster admin sees it: names and resourceVersions. */
async function snapshot(): Promise<string> {
  // Snapshots are compared by identity and deletion only: the snapshot controller keeps
  // updating the status of one whose claim never binds.
  const names = async (path: string, version = true) => {
    const list = (await kube<{ items?: { metadata: { name: string; uid: string; resourceVersion: string; deletionTimestamp?: string } }[] }>("GET", path)).body;
    return (list.items ?? []).filter((o) => o.metadata.name.startsWith("it-authz-")).map((o) => `${o.metadata.name}@${version ? o.metadata.resourceVersion : `${o.metadata.uid}${o.metadata.deletionTimestamp ?? ""}`}`);
  };
  const parts = await Promise.all([
    names("/apis/storage.k8s.io/v1/storageclasses"),
    names("/api/v1/persistentvolumes"),
    names("/api/v1/namespaces/team-a/persistentvolumeclaims"),
    names("/api/v1/namespaces/team-b/persistentvolumeclaims"),
    names("/api/v1/namespaces/team-b/secrets"),
    names("/apis/apps/v1/namespaces/team-b/deployments"),
    names("/apis/apps/v1/namespaces/team-b/statefulsets"),
    names(`${SNAP_API}/volumesnapshotclasses`),
    names(`${SNAP_API}/namespaces/team-b/volumesnapshots`, false),
    names("/apis/storage.k8s.io/v1/volumeattributesclasses"),
  ]);
  return JSON.stringify(parts);
}

type Made = { metadata: { uid: string; resourceVersion: string } };
let sc: Made;
let pv: Made;
let claim: Made;
let dep: Made;
let vsc: Made;
let vac: Made;
let snap: Made;

beforeAll(async () => {
  sc = await createObject<object>("storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: SC }, provisioner: "example.com/none", allowVolumeExpansion: true }, { as: john }) as Made;
  pv = await createObject<object>(
    "persistentvolumes",
    { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: PV }, spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", storageClassName: `${SC}-static`, hostPath: { path: `/tmp/hostpath_pv/${PV}` } } },
    { as: john },
  ) as Made;
  claim = await createObject<object>(
    "persistentvolumeclaims",
    { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: PVC_B, namespace: "team-b" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: SC, resources: { requests: { storage: "1Gi" } } } },
    { as: alice, namespace: "team-b" },
  ) as Made;
  // Alice's workload (no pods: its status settles at once) and snapshot, John's classes.
  dep = await createObject<object>("deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: DEP, namespace: "team-b" }, spec: { replicas: 0, selector: { matchLabels: { app: DEP } }, template: { metadata: { labels: { app: DEP } }, spec: { containers: [{ name: "app", image: "busybox" }] } } } }, { as: alice, namespace: "team-b" }) as Made;
  vsc = await createObject<object>("volumesnapshotclasses", { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: VSC }, driver: "example.com/none", deletionPolicy: "Delete" }, { as: john }) as Made;
  vac = await createObject<object>("volumeattributesclasses", { apiVersion: "storage.k8s.io/v1", kind: "VolumeAttributesClass", metadata: { name: VAC }, driverName: "example.com/none", parameters: { tier: "x" } }, { as: john }) as Made;
  snap = await createObject<object>("volumesnapshots", { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: SNAP, namespace: "team-b" }, spec: { volumeSnapshotClassName: VSC, source: { persistentVolumeClaimName: PVC_B } } }, { as: alice, namespace: "team-b" }) as Made;
  await vi.waitFor(async () => {
    const d = (await kube<{ metadata: { generation: number }; status?: { observedGeneration?: number; conditions?: { reason?: string }[] } }>("GET", `/apis/apps/v1/namespaces/team-b/deployments/${DEP}`)).body;
    expect(d.status?.observedGeneration).toBe(d.metadata.generation);
    expect(d.status?.conditions?.some((c) => c.reason === "NewReplicaSetAvailable")).toBe(true);
    dep = d as unknown as Made;
  }, { timeout: 30_000, interval: 200 });
});

afterAll(async () => {
  await deleteObject("volumesnapshots", SNAP, { as: alice, namespace: "team-b" }).catch(() => undefined);
  await deleteObject("deployments", DEP, { as: alice, namespace: "team-b" }).catch(() => undefined);
  await deleteObject("volumesnapshotclasses", VSC, { as: john }).catch(() => undefined);
  await deleteObject("volumeattributesclasses", VAC, { as: john }).catch(() => undefined);
  await deleteObject("persistentvolumeclaims", PVC_B, { as: john, namespace: "team-b" }).catch(() => undefined);
  await deleteObject("persistentvolumes", PV, { as: john }).catch(() => undefined);
  await deleteObject("storageclasses", SC, { as: john }).catch(() => undefined);
  for (const inf of allInformers()) inf.stop();
});

const scForm = () => ({ name: SC, provisioner: "example.com/none", reclaimPolicy: "Delete", volumeBindingMode: "Immediate", description: "changed by someone who may not", uid: sc.metadata.uid, resourceVersion: sc.metadata.resourceVersion, mode: "update" });
const today = () => new Date().toISOString().slice(0, 10);
const item = (id: string, o: { metadata: { uid: string; resourceVersion: string } }) => JSON.stringify({ id, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion });

/** Admin-only actions, each with a form that would succeed for John. */
const adminActions: [string, Action, () => Record<string, string>][] = [
  ["create storage class", createStorageClassAction as Action, () => ({ name: NEW, provisioner: "example.com/none", reclaimPolicy: "Delete", volumeBindingMode: "Immediate" })],
  ["update storage class", updateStorageClassAction as Action, scForm],
  ["delete storage class", deleteStorageClassAction as Action, () => ({ name: SC, uid: sc.metadata.uid })],
  ["create volume", createPersistentVolumeAction as Action, () => ({ name: NEW, capacity: "1Gi", accessModes: "ReadWriteOnce", volumeMode: "Filesystem", reclaimPolicy: "Retain", storageClassName: "x", sourceType: "hostPath", "hostPath.path": `/tmp/hostpath_pv/${NEW}` })],
  ["make volume available", makeVolumeAvailableAction as Action, () => ({ name: PV, uid: pv.metadata.uid, resourceVersion: pv.metadata.resourceVersion, acknowledge: "true" })],
  ["delete volume", deletePersistentVolumeAction as Action, () => ({ name: PV, uid: pv.metadata.uid })],
  ["preview cleanup", previewCleanupAction as Action, () => ({ sel: `pv:${PV}` })],
  ["run cleanup", runCleanupAction as Action, () => ({ item: item(`pv:${PV}`, pv), confirm: "delete" })],
  ["create snapshot class", createSnapshotClassAction as Action, () => ({ name: NEW, driver: "example.com/none", deletionPolicy: "Delete" })],
  ["update snapshot class", updateSnapshotClassAction as Action, () => ({ name: VSC, driver: "example.com/none", deletionPolicy: "Retain", uid: vsc.metadata.uid, resourceVersion: vsc.metadata.resourceVersion, mode: "update" })],
  ["replace snapshot class", updateSnapshotClassAction as Action, () => ({ name: VSC, driver: "example.com/other", deletionPolicy: "Delete", uid: vsc.metadata.uid, resourceVersion: vsc.metadata.resourceVersion, mode: "replace", confirmReplace: "true" })],
  ["delete snapshot class", deleteSnapshotClassAction as Action, () => ({ name: VSC, uid: vsc.metadata.uid })],
  ["create attributes class", createAttributesClassAction as Action, () => ({ name: NEW, driverName: "example.com/none", "parameters.0.key": "tier", "parameters.0.value": "y" })],
  ["delete attributes class", deleteAttributesClassAction as Action, () => ({ name: VAC, uid: vac.metadata.uid })],
  ["snapshot then delete (unused review)", adminKeepSnapshotThenDeleteAction as Action, () => ({ namespace: "team-b", name: PVC_B, uid: claim.metadata.uid, className: VSC, keepUntil: today() })],
  ["delete an expired kept snapshot", deleteExpiredKeptSnapshotAction as Action, () => ({ namespace: "team-b", name: SNAP, uid: snap.metadata.uid })],
];

/** Developer actions aimed at team-b, called by Bob of team-a. */
const teamActions: [string, Action, () => Record<string, string>][] = [
  ["request a claim in team-b", requestClaimAction as Action, () => ({ namespace: "team-b", name: NEW, size: "1Gi", accessMode: "ReadWriteOnce", volumeMode: "Filesystem", source: "class", storageClass: SC })],
  ["grow team-b's claim", expandClaimAction as Action, () => ({ namespace: "team-b", name: PVC_B, size: "2Gi" })],
  ["delete team-b's claim", deleteClaimAction as Action, () => ({ namespace: "team-b", name: PVC_B, uid: claim.metadata.uid, acknowledge: "true" })],
  ["request a workload in team-b", requestWorkloadAction as Action, () => ({ template: "generic", namespace: "team-b", name: NEW, image: "busybox", mountPath: "/data", claimMode: "new", claimName: NEW, size: "1Gi", storageClass: SC, accessMode: "ReadWriteOnce" })],
  ["scale team-b's workload", scaleWorkloadAction as Action, () => ({ namespace: "team-b", kind: "Deployment", name: DEP, uid: dep.metadata.uid, replicas: "1", from: "0" })],
  ["delete team-b's workload", deleteWorkloadAction as Action, () => ({ namespace: "team-b", kind: "Deployment", name: DEP, uid: dep.metadata.uid, deleteClaims: "true", acknowledge: "true" })],
  ["snapshot team-b's claim", takeSnapshotAction as Action, () => ({ namespace: "team-b", claim: PVC_B, name: NEW, className: VSC })],
  ["delete team-b's snapshot", deleteSnapshotAction as Action, () => ({ namespace: "team-b", name: SNAP, uid: snap.metadata.uid })],
  ["restore team-b's snapshot", restoreSnapshotAction as Action, () => ({ namespace: "team-b", snapshot: SNAP, name: NEW, storageClass: SC, size: "1Gi", accessModes: "ReadWriteOnce" })],
  ["clone team-b's claim", cloneClaimAction as Action, () => ({ namespace: "team-b", source: PVC_B, name: NEW, size: "1Gi" })],
  ["change the attributes class of team-b's claim", changeAttributesClassAction as Action, () => ({ namespace: "team-b", claim: PVC_B, className: VAC })],
  ["snapshot then delete team-b's claim", keepSnapshotThenDeleteAction as Action, () => ({ namespace: "team-b", name: PVC_B, uid: claim.metadata.uid, className: VSC, keepUntil: today() })],
];

describe("a developer calling admin actions changes nothing", () => {
  it.each(adminActions)("%s", async (_what, action, values) => {
    const before = await snapshot();
    await signInAs(bob);
    expect(await act(action, values())).toEqual({ redirectTo: "/forbidden" });
    expect(await snapshot()).toBe(before);
  });
});

describe("team-a calling actions on team-b changes nothing", () => {
  it.each(teamActions)("%s", async (_what, action, values) => {
    const before = await snapshot();
    await signInAs(bob);
    const out = (await act(action, values())) as { ok?: boolean; redirectTo?: string };
    expect(out.redirectTo).toBeUndefined(); // a redirect here means it went through
    expect(out.ok).toBe(false);
    expect(await snapshot()).toBe(before);
  });
});

describe("signed-out callers are sent to sign-in and change nothing", () => {
  it.each([...adminActions, ...teamActions])("%s", async (_what, action, values) => {
    const before = await snapshot();
    await signInAs("signed-out");
    expect(await act(action, values())).toEqual({ redirectTo: "/signin" });
    expect(await snapshot()).toBe(before);
  });
});

describe("sessions that must not count", () => {
  it("a cookie sealed with another secret is no session", async () => {
    jar.cookie = await encode({ secret: "someone-elses-secret-0123456789abcdef", token: { name: "john", groups: ["bindery:admins"], sid: "x", signedInAt: Date.now(), provider: "demo" } });
    const before = await snapshot();
    expect(await act(createStorageClassAction as Action, adminActions[0]![2]())).toEqual({ redirectTo: "/signin" });
    expect(await snapshot()).toBe(before);
  });

  it("John's session past its absolute lifetime is refused although the cookie is still valid", async () => {
    await signInAs(john, { signedInAt: Date.now() - 8 * 3600_000 - 1000, groupsCheckedAt: Date.now() });
    const before = await snapshot();
    expect(await act(createStorageClassAction as Action, adminActions[0]![2]())).toEqual({ redirectTo: "/signin" });
    expect(await snapshot()).toBe(before);
  });

  it("a cookie without a sign-in time (as minted before this rule) is refused", async () => {
    jar.cookie = await encode({ secret: process.env.NEXTAUTH_SECRET!, token: { name: "john", groups: ["bindery:admins"] } });
    expect(await act(createStorageClassAction as Action, adminActions[0]![2]())).toEqual({ redirectTo: "/signin" });
  });

  it("after sign-out, a copy of the cookie no longer works", async () => {
    await signInAs(john);
    const copy = jar.cookie;
    const r = await unusedRoute(new Request("http://portal/api/unused"));
    expect(r.status).toBe(200);
    const { decode } = await import("next-auth/jwt");
    await authOptions.events!.signOut!({ token: (await decode({ secret: process.env.NEXTAUTH_SECRET!, token: copy }))!, session: undefined as never });
    jar.cookie = copy;
    expect((await unusedRoute(new Request("http://portal/api/unused"))).status).toBe(401);
  });
});

describe("route handlers refuse who must not use them", () => {
  const preview = () => pvPreviewRoute(new Request(`http://portal/api/admin/pv-preview?name=x&capacity=1Gi&accessModes=ReadWriteOnce&storageClassName=${SC}`));
  it("unused export: 401 signed out, 403 for a developer, 401 for a token the cluster rejects", async () => {
    await signInAs("signed-out");
    expect((await unusedRoute(new Request("http://portal/api/unused"))).status).toBe(401);
    await signInAs(bob);
    expect((await unusedRoute(new Request("http://portal/api/unused"))).status).toBe(403);
    await signInAs("signed-out");
    expect((await unusedRoute(new Request("http://portal/api/unused", { headers: { Authorization: "Bearer not-a-token" } }))).status).toBe(401);
  });
  it("volume match preview: 401 signed out, 403 for a developer", async () => {
    await signInAs("signed-out");
    expect((await preview()).status).toBe(401);
    await signInAs(bob);
    expect((await preview()).status).toBe(403);
    await signInAs(john);
    expect((await preview()).status).toBe(200);
  });
  // The stream is answered by plain Node: the session comes from the request's Cookie header.
  const stream = async (method = "GET") => {
    const call = nodeCall("/api/stream?topics=persistentvolumeclaims", { method, cookie: jar.cookie ? `other=1; next-auth.session-token=${jar.cookie}` : undefined });
    await serveStream(call.req, call.res);
    return call;
  };
  it("live stream: 401 signed out", async () => {
    await signInAs("signed-out");
    const call = await stream();
    expect(call.status()).toBe(401);
    expect(call.header("content-type")).not.toMatch(/event-stream/);
  });
  it("live stream: 401 with a session past its absolute lifetime or a cookie signed by someone else", async () => {
    await signInAs(bob, { signedInAt: Date.now() - 8 * 3600_000 - 1000, groupsCheckedAt: Date.now() });
    expect((await stream()).status()).toBe(401);
    jar.cookie = await encode({ secret: "someone-elses-secret-0123456789abcdef", token: { name: "bob", groups: ["bindery:admins"], sid: "x", signedInAt: Date.now(), provider: "demo" } });
    expect((await stream()).status()).toBe(401);
  });
  it("live stream: only GET, even for a signed-in person", async () => {
    await signInAs(bob);
    const call = await stream("POST");
    expect(call.status()).toBe(405);
    expect(call.header("allow")).toBe("GET");
  });
});

it("the objects the refused calls aimed at are still there, unchanged", async () => {
  expect((await readObject<{ metadata: { resourceVersion: string } }>("storageclasses", SC, {})).metadata.resourceVersion).toBe(sc.metadata.resourceVersion);
  expect((await readObject<{ metadata: { resourceVersion: string } }>("persistentvolumes", PV, {})).metadata.resourceVersion).toBeTruthy();
  expect((await readObject<{ spec: { resources: { requests: { storage: string } } } }>("persistentvolumeclaims", PVC_B, { namespace: "team-b" })).spec.resources.requests.storage).toBe("1Gi");
});

describe("host path volumes, even for John", () => {
  const hostPathForm = (extra: Record<string, string>) => ({ name: NEW, capacity: "1Gi", accessModes: "ReadWriteOnce", volumeMode: "Filesystem", reclaimPolicy: "Retain", storageClassName: "x", sourceType: "hostPath", ...extra });
  it("may only point below the allowed prefixes; anything else gets a field error and nothing is created", async () => {
    await signInAs(john);
    const before = await snapshot();
    for (const path of ["/etc", "/var/run/docker.sock", "/tmp/hostpath_pv/../../etc", "/tmp/hostpath_pv/"]) {
      const out = (await act(createPersistentVolumeAction as Action, hostPathForm({ "hostPath.path": path, "hostPath.shared": "true" }))) as { ok: boolean; fieldErrors: Record<string, string>; values: Record<string, string> };
      expect(out.ok).toBe(false);
      expect(out.fieldErrors["hostPath.path"]).toMatch(/below \/tmp\/hostpath_pv\/|'\.\.'/);
      expect(out.values["hostPath.path"]).toBe(path); // nothing typed is lost
    }
    expect(await snapshot()).toBe(before);
  });
  it("must be reserved for one claim unless marked as shared", async () => {
    await signInAs(john);
    const before = await snapshot();
    const path = `/tmp/hostpath_pv/${NEW}`;
    const unreserved = (await act(createPersistentVolumeAction as Action, hostPathForm({ "hostPath.path": path }))) as { ok: boolean; fieldErrors: Record<string, string> };
    expect(unreserved.ok).toBe(false);
    expect(unreserved.fieldErrors["claimRef.name"]).toMatch(/Reserve this host path for one claim/);
    expect(await snapshot()).toBe(before);
    // Reserved, the cluster accepts it (dry run only).
    const reserved = (await act(createPersistentVolumeAction as Action, hostPathForm({ "hostPath.path": path, "claimRef.namespace": "team-a", "claimRef.name": "db", intent: "check" }))) as { ok: boolean; message: string };
    expect(reserved).toMatchObject({ ok: true, message: expect.stringMatching(/dry run/) });
    expect(await snapshot()).toBe(before);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call } from "./session-mock";

// The real server actions run against the real cluster; only the Next.js request context is
// replaced: the session (whoever `who` says), revalidatePath, and redirect (thrown, as Next does).

import { createStorageClassAction, deleteStorageClassAction, updateStorageClassAction } from "@/lib/actions/storage-classes";
import type { ActionResult } from "@/lib/actions/result";
import { createObject, readObject, deleteObject, patchObject } from "@/lib/k8s/writes";
import { informer } from "@/lib/k8s/informers";
import { DEFAULT_CLASS_ANNOTATION, DESCRIPTION_ANNOTATION, storageClassValues, type StorageClassObject } from "@/lib/validations/storage-class";
import { isK8sError } from "@/lib/k8s/errors";
import { request } from "@/lib/k8s/rest";

const john = { user: "john", groups: ["bindery:admins"] };
const bob = { user: "bob", groups: ["bindery:developers", "bindery:team-a"] };
const run = Date.now().toString(36);
const made = new Set<string>();
const nameFor = (s: string) => {
  const n = `it-sc-${s}-${run}`;
  made.add(n);
  return n;
};


const get = (name: string) => readObject<StorageClassObject>("storageclasses", name, {});
async function exists(name: string): Promise<boolean> {
  try {
    await get(name);
    return true;
  } catch (e) {
    if (isK8sError(e) && e.kind === "not-found") return false;
    throw e;
  }
}
/** Waits until the shared cache has seen a change (the actions read defaults from it). */
async function cacheSees(name: string, test: (sc: StorageClassObject | undefined) => boolean) {
  const inf = informer<StorageClassObject & { metadata: { name: string } }>("storageclasses");
  await inf.waitForSync();
  await vi.waitFor(() => expect(test(inf.get(name) as StorageClassObject | undefined)).toBe(true), { timeout: 10_000, interval: 50 });
}

const form = (name: string, extra: Record<string, string> = {}) => ({
  name,
  provisioner: "kubernetes.io/host-path",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
  "parameters.0.key": "tier",
  "parameters.0.value": "gold",
  description: "integration test class",
  ...extra,
});
const editForm = (sc: StorageClassObject, extra: Record<string, string> = {}) => ({
  ...storageClassValues(sc),
  uid: sc.metadata.uid ?? "",
  resourceVersion: sc.metadata.resourceVersion ?? "",
  mode: "update",
  ...extra,
});

// Default classes of other people's tests are put back afterwards (the cluster is shared).
let defaultsBefore: string[] = [];
beforeAll(async () => {
  const list = await request<{ items: StorageClassObject[] }>({ path: "/apis/storage.k8s.io/v1/storageclasses" });
  defaultsBefore = list.items.filter((s) => s.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true").map((s) => s.metadata.name);
});
afterAll(async () => {
  for (const n of made) await deleteObject("storageclasses", n, { as: john }).catch(() => undefined);
  for (const n of defaultsBefore) {
    await patchObject("storageclasses", n, { metadata: { annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } } }, { as: john }).catch(() => undefined);
  }
  informer("storageclasses").stop();
});

describe("creating storage classes", () => {
  it("creates a class with every field, as John", async () => {
    const name = nameFor("create");
    const out = await call(createStorageClassAction, form(name, { allowVolumeExpansion: "true", mountOptions: "noatime\nnodiratime" }));
    expect(out).toEqual({ redirectTo: `/admin/storage-classes/${name}?done=created` });
    const sc = await get(name);
    expect(sc.provisioner).toBe("kubernetes.io/host-path");
    expect(sc.parameters).toEqual({ tier: "gold" });
    expect(sc.volumeBindingMode).toBe("WaitForFirstConsumer");
    expect(sc.allowVolumeExpansion).toBe(true);
    expect(sc.mountOptions).toEqual(["noatime", "nodiratime"]);
    expect(sc.metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe("integration test class");
    expect(sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBeUndefined();
  });

  it("returns field errors from the schema without touching the cluster", async () => {
    const name = nameFor("bad");
    const out = (await call(createStorageClassAction, form(name, { name: "Bad_Name", mountOptions: "a b" }))) as ActionResult;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fieldErrors.name).toMatch(/lowercase/);
    expect(out.fieldErrors.mountOptions).toMatch(/Line 1/);
    expect(out.values?.provisioner).toBe("kubernetes.io/host-path");
  });

  it("maps the apiserver's dry-run rejection of a parameter to the parameters field", async () => {
    const name = nameFor("huge");
    // Passes the form schema; the apiserver limits all parameters to 256 KiB together.
    const out = (await call(createStorageClassAction, form(name, { "parameters.0.value": "x".repeat(300 * 1024) }))) as ActionResult;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fieldErrors.parameters).toMatch(/Too long|at most/i);
    expect(await exists(name)).toBe(false);
  });

  it("checks with the cluster (dry run) without creating", async () => {
    const name = nameFor("check");
    const out = await call(createStorageClassAction, { ...form(name), intent: "check" });
    expect(out).toMatchObject({ ok: true, message: expect.stringMatching(/dry run/) });
    expect(await exists(name)).toBe(false);
  });

  it("says the name is taken, next to the name", async () => {
    const name = nameFor("dup");
    await call(createStorageClassAction, form(name));
    const out = (await call(createStorageClassAction, form(name))) as ActionResult;
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.fieldErrors.name).toMatch(/already exists/);
  });

  it("refuses Bob: the action redirects to /forbidden and nothing is created", async () => {
    const name = nameFor("bob");
    const out = await call(createStorageClassAction, form(name), bob);
    expect(out).toEqual({ redirectTo: "/forbidden" });
    expect(await exists(name)).toBe(false);
  });
});

describe("editing", () => {
  it("updates mutable fields in place and keeps the rest", async () => {
    const name = nameFor("edit");
    await call(createStorageClassAction, form(name));
    const sc = await get(name);
    const out = await call(updateStorageClassAction, editForm(sc, { allowVolumeExpansion: "true", description: "now expandable", mountOptions: "noatime" }));
    expect(out).toEqual({ redirectTo: `/admin/storage-classes/${name}?done=updated` });
    const after = await get(name);
    expect(after.metadata.uid).toBe(sc.metadata.uid);
    expect(after.allowVolumeExpansion).toBe(true);
    expect(after.mountOptions).toEqual(["noatime"]);
    expect(after.metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe("now expandable");
  });

  it("explains a 409 instead of overwriting a newer version", async () => {
    const name = nameFor("conflict");
    await call(createStorageClassAction, form(name));
    const stale = await get(name);
    await patchObject("storageclasses", name, { metadata: { annotations: { [DESCRIPTION_ANNOTATION]: "changed by someone else" } } }, { as: john });
    const out = (await call(updateStorageClassAction, editForm(stale, { description: "mine" }))) as ActionResult;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.message).toMatch(/changed this object while you were editing/);
    expect(out.fieldErrors.resourceVersion).toBeDefined();
    expect((await get(name)).metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe("changed by someone else");
  });

  it("in place, an immutable change comes back as the apiserver's message on that field", async () => {
    const name = nameFor("immutable");
    await call(createStorageClassAction, form(name));
    const sc = await get(name);
    const out = (await call(updateStorageClassAction, editForm(sc, { "parameters.0.value": "silver" }))) as ActionResult;
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.fieldErrors.parameters).toMatch(/(immutable|forbidden).*Replace/);
    expect((await get(name)).parameters).toEqual({ tier: "gold" });
  });

  it("replaces (delete + create, same name) when asked and confirmed", async () => {
    const name = nameFor("replace");
    await call(createStorageClassAction, form(name));
    const sc = await get(name);
    const changes = { mode: "replace", volumeBindingMode: "Immediate", reclaimPolicy: "Retain", "parameters.0.value": "silver" };
    const unconfirmed = (await call(updateStorageClassAction, editForm(sc, changes))) as ActionResult;
    expect(unconfirmed.ok === false && unconfirmed.fieldErrors.confirmReplace).toMatch(/Confirm/);
    const out = await call(updateStorageClassAction, editForm(sc, { ...changes, confirmReplace: "true" }));
    expect(out).toEqual({ redirectTo: `/admin/storage-classes/${name}?done=replaced` });
    const after = await get(name);
    expect(after.metadata.uid).not.toBe(sc.metadata.uid);
    expect(after.volumeBindingMode).toBe("Immediate");
    expect(after.reclaimPolicy).toBe("Retain");
    expect(after.parameters).toEqual({ tier: "silver" });
    expect(after.metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe("integration test class");
  });

  it("a replace of a class that changed meanwhile deletes nothing", async () => {
    const name = nameFor("replace-stale");
    await call(createStorageClassAction, form(name));
    const stale = await get(name);
    await patchObject("storageclasses", name, { metadata: { labels: { touched: "yes" } } }, { as: john });
    const out = (await call(updateStorageClassAction, editForm(stale, { mode: "replace", reclaimPolicy: "Retain", confirmReplace: "true" }))) as ActionResult;
    expect(out.ok).toBe(false);
    const now = await get(name);
    expect(now.metadata.uid).toBe(stale.metadata.uid);
    expect(now.reclaimPolicy).toBe("Delete");
  });
});

describe("exactly one default class", () => {
  it("making a class default removes the flag from the previous default", async () => {
    const first = nameFor("default-a");
    const second = nameFor("default-b");
    await call(createStorageClassAction, form(first, { isDefault: "true" }));
    await cacheSees(first, (sc) => sc?.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true");
    for (const other of defaultsBefore) expect((await get(other)).metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBeUndefined();

    await call(createStorageClassAction, form(second));
    const sc2 = await get(second);
    const out = await call(updateStorageClassAction, editForm(sc2, { isDefault: "true" }));
    expect(out).toEqual({ redirectTo: `/admin/storage-classes/${second}?done=updated` });
    expect((await get(second)).metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBe("true");
    expect((await get(first)).metadata.annotations?.[DEFAULT_CLASS_ANNOTATION]).toBeUndefined();

    // The cluster's DefaultStorageClass admission now gives class-less claims the new default
    // (a dry run: the answer shows the admitted claim, nothing is stored).
    const admitted = await createObject<{ spec: { storageClassName?: string } }>(
      "persistentvolumeclaims",
      { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: `it-no-class-${run}`, namespace: "team-a" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } } as unknown as { spec: { storageClassName?: string } },
      { as: john, namespace: "team-a", dryRun: true },
    );
    expect(admitted.spec.storageClassName).toBe(second);
  });
});

describe("deleting", () => {
  it("deletes the exact class that was shown", async () => {
    const name = nameFor("delete");
    await call(createStorageClassAction, form(name));
    const sc = await get(name);
    const wrongUid = (await call(deleteStorageClassAction, { name, uid: "00000000-0000-0000-0000-000000000000" })) as ActionResult;
    expect(wrongUid.ok).toBe(false);
    expect(await exists(name)).toBe(true);
    const out = await call(deleteStorageClassAction, { name, uid: sc.metadata.uid ?? "" });
    expect(out).toEqual({ redirectTo: `/admin/storage-classes?deleted=${name}` });
    expect(await exists(name)).toBe(false);
  });

  it("refuses Bob's delete", async () => {
    const name = nameFor("bob-delete");
    await call(createStorageClassAction, form(name));
    const sc = await get(name);
    expect(await call(deleteStorageClassAction, { name, uid: sc.metadata.uid ?? "" }, bob)).toEqual({ redirectTo: "/forbidden" });
    expect(await exists(name)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { can } from "@/lib/k8s/access";
import { SharedInformer } from "@/lib/k8s/informer";
import { RESOURCES } from "@/lib/k8s/resources";
import { get, post, del, claimManifest, uniq, waitFor } from "./support";

describe("impersonation", () => {
  // One Impersonate-Group header per group: comma-joining would make one group "a, b".
  const both = { user: "carol", groups: ["bindery:team-a", "bindery:team-b"] };

  it("gives a user with two groups the rights of both", async () => {
    expect(await get("/api/v1/namespaces/team-a/persistentvolumeclaims", both)).toBeTruthy();
    expect(await get("/api/v1/namespaces/team-b/persistentvolumeclaims", both)).toBeTruthy();
  });

  it("and no more than both", async () => {
    await expect(get("/api/v1/namespaces/bindery-system/persistentvolumeclaims", both)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      post("/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: uniq("x") }, provisioner: "x" }, both),
    ).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("answers access reviews as the apiserver decides", async () => {
    expect(await can(both, { verb: "create", resource: "persistentvolumeclaims", namespace: "team-b" })).toBe(true);
    expect(await can(both, { verb: "create", resource: "storageclasses", group: "storage.k8s.io" })).toBe(false);
    expect(await can({ user: "john", groups: ["bindery:admins"] }, { verb: "create", resource: "storageclasses", group: "storage.k8s.io" })).toBe(true);
  });
});

describe("shared informer", () => {
  it("lists, then follows adds, updates and deletes through the watch", async () => {
    const inf = new SharedInformer(RESOURCES.persistentvolumeclaims);
    const seen: string[] = [];
    const name = uniq("inf");
    inf.subscribe((c) => {
      if (c.object.metadata.name === name) seen.push(c.type);
    });
    await inf.waitForSync();
    expect(inf.synced).toBe(true);
    const path = "/api/v1/namespaces/team-a/persistentvolumeclaims";
    await post(path, claimManifest(name, "no-such-class", "1Gi"));
    await waitFor("added", async () => inf.get(name, "team-a"));
    expect(inf.get(name, "team-a")?.metadata.managedFields).toBeUndefined();
    await del(`${path}/${name}`);
    await waitFor("deleted", async () => seen.includes("DELETED"));
    expect(seen[0]).toBe("ADDED");
    inf.stop();
  });
});

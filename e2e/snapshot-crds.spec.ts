import { expect as baseExpect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kube, kubeCreate, kubeDelete } from "./support/kube";

// The "CRDs missing" explanation against a cluster whose snapshot CRDs are really removed. It
// deletes cluster-wide CRDs (and with them every VolumeSnapshot), so it runs in the
// "disruptive" project, after every other spec, and puts the CRDs back whatever happens.
// (cluster.sh up also re-applies them, should this process die half-way.)

const expect = baseExpect.configure({ timeout: 45_000 });
const s = Math.random().toString(36).slice(2, 8);
const NS = "team-a";
const CLAIM = `e2e-nocrd-${s}`;
const PVC = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
const CRD_API = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const CRDS = ["volumesnapshots", "volumesnapshotclasses", "volumesnapshotcontents"].map((k) => `${k}.snapshot.storage.k8s.io`);

type Crd = { metadata: { name: string; annotations?: Record<string, string> }; spec: unknown; status?: { conditions?: { type: string; status: string }[] } };

/**
 * The CRDs' objects go with them, but a snapshot whose driver never answered keeps its
 * finalizers (nothing will remove them): clear them so the CRDs can go. These objects are
 * being deleted with their CRD anyway.
 */
async function releaseStuckObjects(): Promise<void> {
  for (const path of ["/apis/snapshot.storage.k8s.io/v1/volumesnapshots", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotcontents"]) {
    const list = (await kube<{ items?: { metadata: { name: string; namespace?: string; finalizers?: string[] } }[] }>("GET", path)).body;
    for (const o of list.items ?? []) {
      if (!o.metadata.finalizers?.length) continue;
      const at = o.metadata.namespace ? path.replace("/volumesnapshots", `/namespaces/${o.metadata.namespace}/volumesnapshots`) : path;
      await kube("PATCH", `${at}/${o.metadata.name}`, { metadata: { finalizers: null } }, "application/merge-patch+json");
    }
  }
}

async function crdsServed(): Promise<boolean> {
  return (await kube<{ groups: { name: string }[] }>("GET", "/apis")).body.groups.some((g) => g.name === "snapshot.storage.k8s.io");
}

test.describe.serial("without the snapshot CRDs", () => {
  test.use({ storageState: storageStateFor("bob") });
  const saved: Crd[] = [];

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await kubeCreate(PVC, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: CLAIM }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } });
    for (const name of CRDS) {
      const r = await kube<Crd>("GET", `${CRD_API}/${name}`);
      if (r.status !== 200) continue;
      saved.push({ metadata: { name, annotations: r.body.metadata.annotations }, spec: r.body.spec });
    }
    for (const crd of saved) await kubeDelete(`${CRD_API}/${crd.metadata.name}`);
    await releaseStuckObjects();
    await expect.poll(crdsServed, { timeout: 60_000 }).toBe(false);
  });

  test.afterAll(async () => {
    test.setTimeout(180_000);
    await kubeDelete(`${PVC}/${CLAIM}`);
    // A CRD being deleted is gone only once its objects are: wait, then create it again.
    for (const crd of saved) {
      await expect
        .poll(async () => {
          await releaseStuckObjects().catch(() => undefined);
          return (await kube("GET", `${CRD_API}/${crd.metadata.name}`)).status;
        }, { timeout: 90_000 })
        .toBe(404);
      await kubeCreate(CRD_API, { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", ...crd });
    }
    for (const crd of saved) {
      await expect
        .poll(async () => (await kube<Crd>("GET", `${CRD_API}/${crd.metadata.name}`)).body.status?.conditions?.some((c) => c.type === "Established" && c.status === "True"), { timeout: 60_000 })
        .toBe(true);
    }
    await expect.poll(crdsServed, { timeout: 60_000 }).toBe(true);
  });

  test("explains in one line that snapshots are unavailable, without an error page", async ({ page }) => {
    // The portal re-checks discovery every 15 s.
    await expect(async () => {
      await page.goto("/snapshots");
      await expect(page.getByTestId("snapshot-unavailable")).toContainText("lacks the VolumeSnapshot CRDs", { timeout: 2_000 });
    }).toPass({ timeout: 40_000 });
    await page.goto(`/claims/${NS}/${CLAIM}`);
    await expect(page.getByTestId("snapshot-unavailable")).toContainText("lacks the VolumeSnapshot CRDs");
    await page.goto(`/workloads`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
});

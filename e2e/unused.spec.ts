import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kube, kubeCreate, kubeDelete } from "./support/kube";
import { UnusedPage } from "./pages/unused-page";

// John finds a Released volume and a claim nobody mounts, cleans both after the preview
// and the typed confirmation; a claim labelled bindery.io/keep=true stays.
const s = Math.random().toString(36).slice(2, 8);
const CLASS = `e2e-unused-${s}`; // no such StorageClass: the filter isolates this test's rows
const NS = "team-a";
const n = {
  released: `e2e-unused-rel-${s}`,
  idle: `e2e-unused-idle-${s}`,
  idlePv: `e2e-unused-idle-pv-${s}`,
  kept: `e2e-unused-kept-${s}`,
  keptPv: `e2e-unused-kept-pv-${s}`,
};
const PV = "/api/v1/persistentvolumes";
const PVC = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;

const pv = (name: string, claimRef: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "PersistentVolume",
  metadata: { name, labels: { "bindery.io/e2e": s } },
  spec: {
    capacity: { storage: "2Gi" },
    accessModes: ["ReadWriteOnce"],
    storageClassName: CLASS,
    persistentVolumeReclaimPolicy: "Retain",
    hostPath: { path: `/tmp/e2e-unused/${name}` },
    claimRef: { namespace: NS, ...claimRef },
  },
});
const claim = (name: string, volumeName: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: NS, labels },
  spec: { accessModes: ["ReadWriteOnce"], storageClassName: CLASS, volumeName, resources: { requests: { storage: "2Gi" } } },
});

async function phase(path: string): Promise<string | undefined> {
  const r = await kube<{ status?: { phase?: string } }>("GET", path);
  return r.status === 200 ? r.body.status?.phase : undefined;
}

test.beforeAll(async () => {
  await kubeCreate(PV, pv(n.released, { name: `gone-${s}`, uid: "00000000-0000-0000-0000-00000000e2e0" }));
  await kubeCreate(PV, pv(n.idlePv, { name: n.idle }));
  await kubeCreate(PVC, claim(n.idle, n.idlePv));
  await kubeCreate(PV, pv(n.keptPv, { name: n.kept }));
  await kubeCreate(PVC, claim(n.kept, n.keptPv, { "bindery.io/keep": "true" }));
  await expect.poll(() => phase(`${PV}/${n.released}`), { timeout: 30_000 }).toBe("Released");
  await expect.poll(() => phase(`${PVC}/${n.idle}`), { timeout: 30_000 }).toBe("Bound");
  await expect.poll(() => phase(`${PVC}/${n.kept}`), { timeout: 30_000 }).toBe("Bound");
});

test.afterAll(async () => {
  for (const c of [n.idle, n.kept]) await kubeDelete(`${PVC}/${c}`);
  for (const v of [n.released, n.idlePv, n.keptPv]) await kubeDelete(`${PV}/${v}`);
});

test.describe("John reviews unused volumes", () => {
  test.use({ storageState: storageStateFor("john") });

  test("finds a Released volume and an unmounted claim, cleans both after preview and confirmation; the kept claim stays", async ({ page }) => {
    const review = new UnusedPage(page);
    await review.open({ class: CLASS });
    const releasedRow = review.row(`pv:${n.released}`);
    const idleRow = review.row(`pvc:${NS}/${n.idle}`);
    await expect(releasedRow).toContainText("Volume released");
    await expect(releasedRow).toContainText(`was bound to ${NS}/gone-${s}`);
    await expect(idleRow).toContainText("Claim not mounted");
    await expect(idleRow).toContainText("mounted by no pod and referenced by no workload");
    await expect(review.row(`pvc:${NS}/${n.kept}`)).toHaveCount(0);
    await expect(page.getByTestId("finding-count")).toHaveText("2");
    await expect(page.getByTestId("reclaimable-bytes")).toHaveText("4Gi");
    await expect(page.getByTestId("kept-count")).toHaveText("1");

    await review.select(`pv:${n.released}`);
    await review.select(`pvc:${NS}/${n.idle}`);
    const preview = await review.reviewCleanup(2);
    await expect(preview.getByTestId(`preview-pv:${n.released}`)).toContainText("Dry run OK");
    await expect(preview.getByTestId(`preview-pv:${n.released}`)).toContainText("Data kept");
    await expect(preview.getByTestId(`preview-pvc:${NS}/${n.idle}`)).toContainText(`Volume ${n.idlePv} (Retain) becomes Released`);
    await expect(preview.getByTestId("destroyed-count")).toHaveText("0");
    // The dry run deleted nothing.
    expect(await phase(`${PV}/${n.released}`)).toBe("Released");
    expect(await phase(`${PVC}/${n.idle}`)).toBe("Bound");

    await review.confirm("yes");
    await expect(review.deleteButton()).toBeDisabled();
    await review.confirm("delete");
    await expect(review.deleteButton()).toBeEnabled();
    await review.deleteButton().click();

    const results = review.results();
    await expect(results).toContainText("Deleted 2 objects.");
    await expect(results.getByTestId(`result-pv:${n.released}`)).toContainText("deleted");
    await expect(results.getByTestId(`result-pvc:${NS}/${n.idle}`)).toContainText("deleted");
    await expect.poll(async () => (await kube("GET", `${PV}/${n.released}`)).status, { timeout: 20_000 }).toBe(404);
    await expect.poll(async () => (await kube("GET", `${PVC}/${n.idle}`)).status, { timeout: 20_000 }).toBe(404);
    await results.getByRole("button", { name: "Done" }).click();
    await expect(releasedRow).toHaveCount(0);
    await expect(idleRow).toHaveCount(0);

    // The cluster keeps the audit trail, written as john.
    const events = await kube<{ items: { involvedObject: { name: string }; reportingComponent?: string; message: string }[] }>("GET", `/api/v1/namespaces/${NS}/events?fieldSelector=reason%3DBinderyCleanup`);
    const ev = events.body.items.find((e) => e.involvedObject.name === n.idle);
    expect(ev?.reportingComponent).toBe("bindery");
    expect(ev?.message).toContain("john deleted PersistentVolumeClaim");

    // The kept claim is still there, listed with its reason.
    expect(await phase(`${PVC}/${n.kept}`)).toBe("Bound");
    await review.showKept();
    await expect(review.row(`pvc:${NS}/${n.kept}`)).toContainText("Kept: Claim is labelled bindery.io/keep=true");
    await expect(review.row(`pvc:${NS}/${n.kept}`).getByRole("checkbox")).toHaveCount(0);
  });

  test("exports the same review as CSV and JSON", async ({ page }) => {
    const csv = await page.request.get(`/api/unused?format=csv&class=${CLASS}&view=kept`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain(`${n.kept}`);
    const json = await page.request.get(`/api/unused?format=json&class=${CLASS}`);
    const body = (await json.json()) as { kept: { name: string; keptBecause: string }[] };
    expect(body.kept.find((k) => k.name === n.kept)?.keptBecause).toBe("Claim is labelled bindery.io/keep=true");
  });
});

test.describe("Bob, a developer", () => {
  test.use({ storageState: storageStateFor("bob") });

  test("cannot see the review or export it", async ({ page }) => {
    await page.goto("/admin/unused");
    await expect(page).toHaveURL(/\/forbidden/);
    expect((await page.request.get("/api/unused?format=json")).status()).toBe(403);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kube, kubeCreate, kubeDelete } from "./support/kube";
import { UnusedPage } from "./pages/unused-page";
import { WorkloadLifecyclePage } from "./pages/workload-lifecycle-page";

// Bob scales and deletes his MySQL Deployment, keeping its claim; John finds the claim in
// the unused review; Bob deletes the claim and watches it go step by step. A claim held by
// a running pod says so until the pod goes. Alice cannot replay Bob's delete.
const s = Math.random().toString(36).slice(2, 8);
const NS = "team-a";
const CLASS = `e2e-wl-${s}`;
const DB = `e2e-wl-mysql-${s}`;
const DATA = `e2e-wl-mysql-data-${s}`;
const HELD = `e2e-wl-held-${s}`;
const HOLDER = `e2e-wl-holder-${s}`;
const VICTIM = `e2e-wl-victim-${s}`;
const SET = `e2e-wl-web-${s}`;
const setClaim = (i: number) => `data-${SET}-${i}`;
const API = `/api/v1/namespaces/${NS}`;
const APPS = `/apis/apps/v1/namespaces/${NS}`;

const claim = (name: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace: NS },
  spec: { accessModes: ["ReadWriteOnce"], storageClassName: CLASS, resources: { requests: { storage: "1Gi" } } },
});

const deployment = (name: string, claimName: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: NS, labels: { "app.kubernetes.io/name": name } },
  spec: {
    replicas: 1,
    strategy: { type: "Recreate" },
    selector: { matchLabels: { "app.kubernetes.io/name": name } },
    template: {
      metadata: { labels: { "app.kubernetes.io/name": name } },
      spec: {
        terminationGracePeriodSeconds: 0,
        containers: [{ name: "mysql", image: "mysql:8", volumeMounts: [{ name: "data", mountPath: "/var/lib/mysql" }] }],
        volumes: [{ name: "data", persistentVolumeClaim: { claimName } }],
      },
    },
  },
});

async function podsOf(prefix: string): Promise<{ name: string; phase?: string }[]> {
  const r = await kube<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>("GET", `${API}/pods`);
  return r.body.items.filter((p) => p.metadata.name.startsWith(prefix)).map((p) => ({ name: p.metadata.name, phase: p.status?.phase }));
}

test.beforeAll(async () => {
  await kubeCreate("/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: CLASS },
    provisioner: "kubernetes.io/host-path",
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
  });
  for (const c of [DATA, HELD, `${VICTIM}-data`]) await kubeCreate(`${API}/persistentvolumeclaims`, claim(c));
  await kubeCreate(`${APPS}/deployments`, deployment(DB, DATA));
  await kubeCreate(`${APPS}/deployments`, deployment(VICTIM, `${VICTIM}-data`));
  await expect.poll(async () => (await podsOf(`${DB}-`)).some((p) => p.phase === "Running"), { timeout: 60_000 }).toBe(true);
});

test.afterAll(async () => {
  await kubeDelete(`${API}/pods/${HOLDER}`);
  for (const d of [DB, VICTIM]) await kubeDelete(`${APPS}/deployments/${d}`);
  await kubeDelete(`${APPS}/statefulsets/${SET}`);
  for (const i of [0, 1, 2]) await kubeDelete(`${API}/persistentvolumeclaims/${setClaim(i)}`);
  for (const c of [DATA, HELD, `${VICTIM}-data`]) await kubeDelete(`${API}/persistentvolumeclaims/${c}`);
  await kubeDelete(`/apis/storage.k8s.io/v1/storageclasses/${CLASS}`);
});

test.describe.serial("Bob finishes what he starts", () => {
  test.use({ storageState: storageStateFor("bob") });

  test("scales his MySQL Deployment to 0 with a per-claim preview and watches the pod stop", async ({ page }) => {
    const lc = new WorkloadLifecyclePage(page);
    await page.goto("/workloads");
    await lc.listRow(NS, DB).getByRole("link", { name: "Scale…" }).click();
    await lc.previewScale(0);
    await expect(lc.planRow(DATA)).toHaveAttribute("data-fate", "stays");
    await expect(lc.planRow(DATA)).toContainText("not counted as unused");
    await lc.confirm("Scale to 0", false);
    await expect(page).toHaveURL(new RegExp(`/workloads/${NS}/deployment/${DB}\\?plan=`));
    await expect(lc.teardownTitle()).toContainText("Scaling from 1 to 0");
    await expect(lc.step("pods-stopped")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(lc.teardownTitle()).toContainText("finished");
    expect((await kube<{ spec: { replicas: number } }>("GET", `${APPS}/deployments/${DB}`)).body.spec.replicas).toBe(0);
  });

  test("deletes the Deployment keeping the claim, which then shows up in John's unused review", async ({ page, browser }) => {
    const lc = new WorkloadLifecyclePage(page);
    await page.goto(`/workloads/${NS}/deployment/${DB}`);
    await page.getByRole("link", { name: "Delete…" }).click();
    await expect(lc.planRow(DATA)).toHaveAttribute("data-fate", "unused");
    await expect(lc.planRow(DATA)).toContainText("it will show up in the unused review");
    await expect(lc.planRow(DATA)).toContainText("The data stays on");
    // Ticking "also delete the claims" changes the preview; unticked again, the claim stays.
    await page.getByTestId("delete-claims").check();
    await expect(lc.planRow(DATA)).toHaveAttribute("data-fate", "deleted");
    await expect(lc.planRow(DATA)).toContainText("data on it are deleted (reclaim policy Delete)");
    await page.getByTestId("delete-claims").uncheck();
    await lc.confirm("Delete Deployment");
    await expect(page).toHaveURL(new RegExp(`/workloads/${NS}/deployment/${DB}/deleted`));
    await expect(lc.teardownTitle()).toContainText("finished", { timeout: 30_000 });
    await expect(lc.step("claims-released")).toContainText(`${DATA} stays (unused`);
    await expect(page.getByTestId("kept-claims")).toContainText(DATA);
    expect((await kube("GET", `${APPS}/deployments/${DB}`)).status).toBe(404);
    expect((await kube("GET", `${API}/persistentvolumeclaims/${DATA}`)).status).toBe(200);

    const john = await browser.newContext({ storageState: storageStateFor("john") });
    const review = new UnusedPage(await john.newPage());
    await review.open({ class: CLASS });
    await expect(review.row(`pvc:${NS}/${DATA}`)).toContainText("Claim not mounted");
    await john.close();
  });

  test("deletes the kept claim and watches the deletion step by step", async ({ page }) => {
    const lc = new WorkloadLifecyclePage(page);
    await page.goto(`/claims/${NS}/${DATA}`);
    await page.getByRole("link", { name: "Delete…" }).click();
    await expect(page.getByTestId("reclaim-note")).toContainText("the volume and your data on it are deleted too");
    await lc.confirm("Delete claim");
    await expect(page).toHaveURL(new RegExp(`/claims/${NS}/${DATA}/deleted`));
    for (const id of ["deletion-requested", "pods-stopped", "claim-removed", "volume-reclaimed"])
      await expect(lc.step(id)).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(lc.step("volume-reclaimed")).toContainText("Volume deleted");
    await expect(lc.teardownTitle()).toContainText("finished");
  });

  test("a claim held by a running pod shows it is stuck until the pod goes", async ({ page }) => {
    const lc = new WorkloadLifecyclePage(page);
    await kubeCreate(`${API}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: HOLDER, namespace: NS },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: "main", image: "busybox:1.36", command: ["sleep", "infinity"], volumeMounts: [{ name: "d", mountPath: "/d" }] }], volumes: [{ name: "d", persistentVolumeClaim: { claimName: HELD } }] },
    });
    await expect.poll(async () => (await podsOf(HOLDER)).some((p) => p.phase === "Running"), { timeout: 30_000 }).toBe(true);
    await page.goto(`/claims/${NS}/${HELD}/delete`);
    await expect(page.getByTestId("protection-note")).toContainText(HOLDER);
    await lc.confirm("Delete claim");
    await expect(page).toHaveURL(new RegExp(`/claims/${NS}/${HELD}/deleted`));
    const stuck = lc.step("pods-stopped");
    await expect(stuck).toHaveAttribute("data-status", "stalled");
    await expect(stuck).toContainText(`Stuck: used by pod ${HOLDER}`);
    await expect(stuck.getByRole("link", { name: `pod ${HOLDER}` })).toBeVisible();
    await expect(lc.teardownTitle()).toContainText("stuck");

    await kubeDelete(`${API}/pods/${HOLDER}`);
    await expect(stuck).toHaveAttribute("data-status", "done", { timeout: 30_000 });
    await expect(lc.step("claim-removed")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  });
});

test.describe("A StatefulSet with claim retention", () => {
  test.use({ storageState: storageStateFor("bob") });

  test("whenScaled=Delete chosen in the form; scaling 3 -> 1 previews and then deletes exactly ordinals 1 and 2's claims", async ({ page }) => {
    const lc = new WorkloadLifecyclePage(page);
    await page.goto("/request/workload");
    await page.getByRole("radio", { name: "StatefulSet" }).check();
    await page.getByLabel("Workload name", { exact: true }).fill(SET);
    await page.getByLabel("Replicas", { exact: true }).fill("3");
    await page.getByLabel("Size per replica", { exact: true }).fill("1Gi");
    await page.getByLabel("Storage class", { exact: true }).selectOption(CLASS);
    await page.getByLabel("When it is scaled down").selectOption("Delete");
    await expect(page.getByTestId("retention-fields")).toContainText("Scaling down deletes the claims of the removed pods");
    await expect(page.getByTestId("yaml-preview")).toContainText("whenScaled: Delete");
    await page.getByRole("button", { name: "Create workload" }).click();
    await expect(page).toHaveURL(new RegExp(`/workloads/${NS}/statefulset/${SET}$`));
    await expect(page.getByTestId("retention-when-scaled")).toHaveText("Delete");
    await expect(page.getByTestId("retention-when-deleted")).toHaveText("Retain");
    await expect.poll(async () => (await podsOf(`${SET}-`)).filter((p) => p.phase === "Running").length, { timeout: 60_000 }).toBe(3);

    await page.getByRole("link", { name: "Scale…" }).click();
    await lc.previewScale(1);
    for (const i of [1, 2]) {
      await expect(lc.planRow(setClaim(i))).toHaveAttribute("data-fate", "deleted");
      await expect(lc.planRow(setClaim(i))).toContainText("by the retention policy");
    }
    await expect(lc.planRow(setClaim(0))).toHaveCount(0);
    await lc.confirm("Scale to 1");
    await expect(lc.teardownTitle()).toContainText("Scaling from 3 to 1");
    await expect(lc.teardownTitle()).toContainText("finished", { timeout: 45_000 });
    await expect(lc.step("claims-released")).toContainText(`${setClaim(1)} is deleted`);
    await expect(lc.step("volume-reclaimed")).toContainText("and its data are deleted");
    expect((await kube("GET", `${API}/persistentvolumeclaims/${setClaim(0)}`)).status).toBe(200);
    for (const i of [1, 2]) expect((await kube("GET", `${API}/persistentvolumeclaims/${setClaim(i)}`)).status).toBe(404);
  });
});

test.describe("John and a volume stuck deleting", () => {
  test.use({ storageState: storageStateFor("john") });
  const PVN = `e2e-wl-stuck-${s}`;
  const HOLD = "example.com/e2e-hold"; // a finalizer no controller will ever remove

  test.afterAll(async () => {
    await kube("PATCH", `/api/v1/persistentvolumes/${PVN}`, { metadata: { finalizers: null } }, "application/merge-patch+json");
    await kubeDelete(`/api/v1/persistentvolumes/${PVN}`);
  });

  test("sees why it is stuck, and may lift the finalizer only after the warning and typing its name", async ({ page }) => {
    await kubeCreate("/api/v1/persistentvolumes", {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: PVN, finalizers: [HOLD] },
      spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: "Retain", storageClassName: CLASS, hostPath: { path: `/tmp/e2e-wl/${PVN}` } },
    });
    await kubeDelete(`/api/v1/persistentvolumes/${PVN}`);
    await page.goto(`/admin/volumes/${PVN}`);
    const holdups = page.getByTestId("deleting-holdups");
    await expect(holdups).toContainText(`Held by the finalizer ${HOLD}`);
    await expect(holdups).toContainText("never removes finalizers on its own");
    await page.getByRole("link", { name: /Remove a finalizer by hand/ }).click();
    const form = page.getByTestId(`remove-${HOLD}`);
    await expect(form).toContainText(`Removing it skips whatever the owner of ${HOLD} had to finish first`);
    await form.getByLabel(`Type ${PVN} to remove ${HOLD}`).fill("wrong-name");
    await form.getByRole("button", { name: "Remove finalizer" }).click();
    await expect(form.locator('[data-field-error="confirm"]')).toHaveText("Type the volume's name exactly to confirm.");
    await expect(form.getByLabel(`Type ${PVN} to remove ${HOLD}`)).toHaveValue("wrong-name");
    expect((await kube("GET", `/api/v1/persistentvolumes/${PVN}`)).status).toBe(200);
    await form.getByLabel(`Type ${PVN} to remove ${HOLD}`).fill(PVN);
    await form.getByRole("button", { name: "Remove finalizer" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/volumes\\?deleted=${PVN}`));
    await expect.poll(async () => (await kube("GET", `/api/v1/persistentvolumes/${PVN}`)).status, { timeout: 20_000 }).toBe(404);
  });
});

/** Bob's delete request for a workload, captured in his browser and not let through. */
async function captureDelete(page: Page): Promise<{ url: string; headers: Record<string, string>; body: Buffer }> {
  await page.goto(`/workloads/${NS}/deployment/${VICTIM}/delete`);
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`**/workloads/${NS}/deployment/${VICTIM}/delete`, async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = { url: req.url(), headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
    } else await route.continue();
  });
  await page.locator('input[name="acknowledge"]').check();
  await page.getByRole("button", { name: "Delete Deployment" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  return captured!;
}

test("Alice (team-b) cannot scale or delete Bob's workloads, not even by replaying his request", async ({ browser, playwright, baseURL }) => {
  const bob = await browser.newContext({ storageState: storageStateFor("bob") });
  const captured = await captureDelete(await bob.newPage());
  await bob.close();

  const alice = await browser.newContext({ storageState: storageStateFor("alice") });
  const page = await alice.newPage();
  for (const url of [`/workloads/${NS}/deployment/${VICTIM}/scale`, `/workloads/${NS}/deployment/${VICTIM}/delete`]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
  }
  await alice.close();

  const keep = ["next-action", "content-type", "accept", "next-router-state-tree"];
  const headers = Object.fromEntries(Object.entries(captured.headers).filter(([k]) => keep.includes(k)));
  const api = await playwright.request.newContext({ baseURL, storageState: storageStateFor("alice") });
  const res = await api.post(new URL(captured.url).pathname, { headers, data: captured.body, maxRedirects: 0 });
  expect(res.status()).toBeLessThan(500);
  expect(res.headers()["x-action-redirect"] ?? "").not.toContain("/deleted");
  await api.dispose();
  expect((await kube("GET", `${APPS}/deployments/${VICTIM}`)).status).toBe(200);

  // Control: the very same request with Bob's session does delete it.
  const bobApi = await playwright.request.newContext({ baseURL, storageState: storageStateFor("bob") });
  await bobApi.post(new URL(captured.url).pathname, { headers, data: captured.body, maxRedirects: 0 });
  await bobApi.dispose();
  await expect.poll(async () => (await kube("GET", `${APPS}/deployments/${VICTIM}`)).status, { timeout: 20_000 }).toBe(404);
});

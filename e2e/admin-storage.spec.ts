import { expect as baseExpect, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kube, kubeCreate, kubeDelete, removeClaim } from "./support/kube";
import { AdminStorageClassesPage } from "./pages/admin-storage-classes";
import { AdminVolumesPage } from "./pages/admin-volumes";

// John's storage administration end to end: classes hdd and ssd, the 10Gi manual hostPath PV
// that Bob's pending claim binds to, and recycling it once Released. Everything created here is
// deleted at the end so the developer specs see the cluster as they left it.

// The shared 2-core machine runs other builds and a scale test; allow slow renders.
const expect = baseExpect.configure({ timeout: 45_000 });
const MARK = "e2e admin-storage";
const PV = "e2e-pv-manual-10g";
const CLAIM = "e2e-mysql-data";
const SC_PATH = "/apis/storage.k8s.io/v1/storageclasses";
const claimPath = `/api/v1/namespaces/team-a/persistentvolumeclaims/${CLAIM}`;
// Binding is instant on an idle cluster; under a 10k-volume scale test the PV controller was
// seen to lag by minutes, so the steps that wait for it allow that.
const BINDER = { timeout: 150_000 };

type Obj = { metadata?: { annotations?: Record<string, string> }; status?: { phase?: string } };

/** hdd/ssd may belong to a concurrent developer spec: remove only our own leftovers, else wait. */
async function classNameFree(name: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await kube<Obj>("GET", `${SC_PATH}/${name}`);
        if (res.status === 404) return true;
        if (res.body.metadata?.annotations?.["bindery.io/description"]?.startsWith(MARK)) await kubeDelete(`${SC_PATH}/${name}`);
        return false;
      },
      { timeout: 60_000, message: `storage class ${name} is in use by someone else` },
    )
    .toBe(true);
}

test.describe.configure({ mode: "serial", timeout: 180_000 });

test.beforeAll(async () => {
  await removeClaim("team-a", CLAIM);
  await kubeDelete(`/api/v1/persistentvolumes/${PV}`);
  await kubeDelete(`${SC_PATH}/e2e-bob-replay`);
  await classNameFree("hdd");
  await classNameFree("ssd");
  await kubeCreate("/api/v1/namespaces/team-a/persistentvolumeclaims", {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: CLAIM, namespace: "team-a" },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "manual", resources: { requests: { storage: "3Gi" } } },
  });
});

test.afterAll(async () => {
  await removeClaim("team-a", CLAIM);
  await kubeDelete(`/api/v1/persistentvolumes/${PV}`);
  for (const sc of ["hdd", "ssd", "e2e-bob-replay"]) {
    const res = await kube<Obj>("GET", `${SC_PATH}/${sc}`);
    if (res.status === 200 && (sc === "e2e-bob-replay" || res.body.metadata?.annotations?.["bindery.io/description"]?.startsWith(MARK))) {
      await kubeDelete(`${SC_PATH}/${sc}`);
    }
  }
});

test.describe("John, the cluster admin", () => {
  test.use({ storageState: storageStateFor("john") });

  test("creates the classes hdd and ssd, with field checks and a dry run", async ({ page }) => {
    const sc = new AdminStorageClassesPage(page);
    await sc.openNew();
    // Field by field: a bad name is flagged as soon as the field is left.
    await sc.form.getByLabel("Name", { exact: true }).fill("HDD");
    await sc.form.getByLabel("Name", { exact: true }).blur();
    await expect(sc.fieldError("name")).toContainText("lowercase");

    await sc.fill({ name: "hdd", provisioner: "kubernetes.io/host-path", bindingMode: "Immediate", description: `${MARK}: spinning disks` });
    await expect(sc.fieldError("name")).toHaveCount(0);
    await expect(sc.yaml).toContainText("volumeBindingMode: Immediate");
    await expect(sc.yaml).toContainText("provisioner: kubernetes.io/host-path");
    await sc.checkWithCluster();
    await expect(page.getByTestId("form-message")).toContainText("dry run");
    expect((await kube("GET", `${SC_PATH}/hdd`)).status).toBe(404);
    await sc.submit();
    await sc.expectDetail("hdd");
    await expect(page.getByTestId("done-notice")).toHaveText("Storage class created.");

    await sc.openNew();
    await sc.fill({ name: "ssd", provisioner: "kubernetes.io/host-path", bindingMode: "WaitForFirstConsumer", expansion: true, description: `${MARK}: fast disks`, parameters: { tier: "fast" } });
    await expect(sc.yaml).toContainText("allowVolumeExpansion: true");
    await expect(sc.yaml).toContainText("tier: fast");
    await sc.submit();
    await sc.expectDetail("ssd");

    const hdd = (await kube<{ volumeBindingMode: string; reclaimPolicy: string }>("GET", `${SC_PATH}/hdd`)).body;
    expect(hdd).toMatchObject({ volumeBindingMode: "Immediate", reclaimPolicy: "Delete" });
    const ssd = (await kube<{ volumeBindingMode: string; allowVolumeExpansion: boolean; parameters: Record<string, string> }>("GET", `${SC_PATH}/ssd`)).body;
    expect(ssd).toMatchObject({ volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true, parameters: { tier: "fast" } });

    await sc.gotoList();
    await expect(sc.row("hdd")).toContainText("Immediate");
    await expect(sc.row("ssd")).toContainText("WaitForFirstConsumer");
  });

  test("edits ssd in place, then replaces it to change an immutable field", async ({ page }) => {
    const sc = new AdminStorageClassesPage(page);
    await page.goto("/admin/storage-classes/ssd");
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(sc.form.getByLabel(/Provisioner/)).toBeDisabled();
    await expect(sc.form.getByText("immutable").first()).toBeVisible();
    await sc.form.getByLabel("Description for developers").fill(`${MARK}: fast local disks`);
    await expect(sc.yaml).toContainText("resourceVersion:");
    await sc.submit("Save changes");
    await expect(page.getByTestId("done-notice")).toHaveText("Changes saved.");
    await expect(page.getByText(`${MARK}: fast local disks`)).toBeVisible();

    await page.getByRole("link", { name: "Edit" }).click();
    await sc.form.getByLabel(/Replace \(change provisioner/).check();
    const warning = page.getByRole("region", { name: "Replace warning" });
    await expect(warning).toContainText("Replace deletes “ssd” and creates it again");
    await sc.form.getByLabel("Reclaim policy", { exact: true }).selectOption("Retain");
    await expect(warning).toContainText("You changed: reclaim policy");
    await sc.submit("Replace class");
    await expect(sc.fieldError("confirmReplace")).toBeVisible();
    await expect(sc.form.getByLabel("Reclaim policy", { exact: true })).toHaveValue("Retain"); // nothing typed is lost
    await warning.getByLabel(/I understand/).check();
    await sc.submit("Replace class");
    await expect(page.getByTestId("done-notice")).toContainText("deleted and created again");
    const ssd = (await kube<{ reclaimPolicy: string; allowVolumeExpansion: boolean }>("GET", `${SC_PATH}/ssd`)).body;
    expect(ssd).toMatchObject({ reclaimPolicy: "Retain", allowVolumeExpansion: true });
  });

  test("creates the 10Gi manual PV; the preview picks Bob's pending 3Gi claim, which then binds", async ({ page }) => {
    test.setTimeout(240_000);
    const claim = await kube<Obj>("GET", claimPath);
    expect(claim.body.status?.phase, "Bob's claim must still be pending (is another manual PV Available?)").toBe("Pending");
    const pv = new AdminVolumesPage(page);
    await pv.openNew();
    await pv.fill({ name: PV, capacity: "10Gi", storageClass: "manual", hostPath: "/tmp/hostpath_pv/e2e-manual-10g" });
    await expect(pv.form.getByText("No StorageClass “manual” exists")).toBeVisible();
    await pv.expectLikelyClaim("team-a", CLAIM);
    // A host path is readable by whoever claims it: the form asks to reserve it for one claim.
    await expect(page.getByTestId("host-path-warning")).toBeVisible();
    await pv.matchPreview.getByTestId(`match-team-a-${CLAIM}`).getByRole("button", { name: "Reserve for it" }).click();
    await expect(pv.form.getByLabel("Claim name", { exact: true })).toHaveValue(CLAIM);

    // The apiserver's own validation, from the dry run, lands next to the field it is about.
    await pv.form.getByLabel("ReadWriteOncePod", { exact: true }).check();
    await pv.form.getByRole("button", { name: "Check with the cluster" }).click();
    await expect(page.locator('[data-field-error="accessModes"]')).toContainText("ReadWriteOncePod");
    await pv.form.getByLabel("ReadWriteOncePod", { exact: true }).uncheck();

    await expect(page.getByTestId("yaml-preview")).toContainText("path: /tmp/hostpath_pv/e2e-manual-10g");
    await pv.submit();
    await expect(page).toHaveURL(new RegExp(`/admin/volumes/${PV}`));
    // The binder's periodic claim sync picks the new volume up (up to ~15 s).
    await expect(page.getByTestId("pv-phase")).toHaveText("Bound", BINDER);
    await expect(page.getByRole("link", { name: `team-a/${CLAIM}` })).toBeVisible();
  });

  test("recycles the Released PV: make available again", async ({ page }) => {
    test.setTimeout(400_000);
    const pv = new AdminVolumesPage(page);
    await pv.gotoDetail(PV);
    await removeClaim("team-a", CLAIM); // Bob deletes his claim; the volume keeps his data (Retain)
    await expect(page.getByTestId("pv-phase")).toHaveText("Released", BINDER);
    await page.goto(`/admin/volumes?phase=Released&q=${PV}`);
    await expect(page.getByTestId(`pv-row-${PV}`)).toContainText(`was team-a/${CLAIM}`);
    await expect(page.getByTestId(`pv-row-${PV}`)).toContainText(/released \d+[smhd] ago/);
    await page.getByTestId(`pv-row-${PV}`).getByRole("link", { name: PV }).click();
    await pv.makeAvailableAgain();
    await expect(page.getByTestId("done-notice")).toContainText("claim reference was removed");
    await expect(page.getByTestId("pv-phase")).toHaveText("Available", BINDER);
    const after = await kube<{ spec: { claimRef?: unknown } }>("GET", `/api/v1/persistentvolumes/${PV}`);
    expect(after.body.spec.claimRef).toBeUndefined();
  });

  test("deletes the PV and the classes after seeing what they affect", async ({ page }) => {
    await page.goto(`/admin/volumes/${PV}/delete`);
    await expect(page.getByRole("list", { name: "What happens to the data" })).toContainText("Retain");
    await page.getByRole("button", { name: `Delete volume ${PV}` }).click();
    await expect(page).toHaveURL(/\/admin\/volumes\?deleted=/);
    await expect.poll(async () => (await kube("GET", `/api/v1/persistentvolumes/${PV}`)).status, { timeout: 15_000 }).toBe(404);

    for (const name of ["hdd", "ssd"]) {
      await page.goto(`/admin/storage-classes/${name}`);
      await page.getByRole("link", { name: "Delete" }).click();
      await expect(page.getByRole("heading", { name: `Delete storage class ${name}?` })).toBeVisible();
      await expect(page.getByRole("region", { name: "Volumes using this class" })).toBeVisible();
      await page.getByRole("button", { name: `Delete class ${name}` }).click();
      await expect(page.getByTestId("done-notice")).toHaveText(`Storage class “${name}” was deleted.`);
      expect((await kube("GET", `${SC_PATH}/${name}`)).status).toBe(404);
    }
  });
});

/** Captures the server-action request John's browser would send, without letting it through. */
async function captureCreateAction(page: Page): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const sc = new AdminStorageClassesPage(page);
  await sc.openNew();
  await sc.fill({ name: "e2e-bob-replay", provisioner: "kubernetes.io/host-path", bindingMode: "Immediate", description: MARK });
  let captured: { headers: Record<string, string>; body: Buffer } | undefined;
  await page.route("**/admin/storage-classes/new", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      captured = { headers: req.headers(), body: req.postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
    } else await route.continue();
  });
  await sc.submit();
  await expect.poll(() => captured !== undefined).toBe(true);
  return captured!;
}

function replay(api: APIRequestContext, c: { headers: Record<string, string>; body: Buffer }) {
  const keep = ["next-action", "content-type", "accept", "next-router-state-tree"];
  const headers = Object.fromEntries(Object.entries(c.headers).filter(([k]) => keep.includes(k)));
  return api.post("/admin/storage-classes/new", { headers, data: c.body, maxRedirects: 0 });
}

test.describe("Bob, a developer", () => {
  test.use({ storageState: storageStateFor("bob") });

  test("cannot reach any admin storage page or the preview", async ({ page }) => {
    for (const url of ["/admin/storage-classes/new", "/admin/storage-classes/anything/edit", "/admin/storage-classes/anything/delete", "/admin/volumes/new", `/admin/volumes/${PV}/make-available`, `/admin/volumes/${PV}/delete`]) {
      await page.goto(url);
      await expect(page).toHaveURL(/\/forbidden/);
    }
    const res = await page.request.get("/api/admin/pv-preview?capacity=10Gi&storageClassName=manual");
    expect(res.status()).toBe(403);
  });

  test("a replayed create action is refused for Bob and works for John", async ({ browser, playwright, baseURL }) => {
    const johnContext = await browser.newContext({ storageState: storageStateFor("john") });
    const captured = await captureCreateAction(await johnContext.newPage());
    await johnContext.close();

    const bobApi = await playwright.request.newContext({ baseURL, storageState: storageStateFor("bob") });
    const refused = await replay(bobApi, captured);
    expect(`${refused.headers()["x-action-redirect"] ?? ""} ${refused.headers()["location"] ?? ""}`).toContain("/forbidden");
    expect((await kube("GET", `${SC_PATH}/e2e-bob-replay`)).status).toBe(404);
    await bobApi.dispose();

    // Control: the same request with John's session does create the class.
    const johnApi = await playwright.request.newContext({ baseURL, storageState: storageStateFor("john") });
    await replay(johnApi, captured);
    expect((await kube("GET", `${SC_PATH}/e2e-bob-replay`)).status).toBe(200);
    await johnApi.dispose();
    await kubeDelete(`${SC_PATH}/e2e-bob-replay`);
  });
});

import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";
import { kubeCreate, removeClaim } from "./support/kube";

const claim = (namespace: string, name: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name, namespace },
  spec: { accessModes: ["ReadWriteOnce"], storageClassName: "e2e-none", resources: { requests: { storage: "1Gi" } } },
});

test.beforeAll(async () => {
  await kubeCreate("/api/v1/namespaces/team-a/persistentvolumeclaims", claim("team-a", "e2e-roles-a"));
  await kubeCreate("/api/v1/namespaces/team-b/persistentvolumeclaims", claim("team-b", "e2e-roles-b"));
});

test.afterAll(async () => {
  await removeClaim("team-a", "e2e-roles-a");
  await removeClaim("team-b", "e2e-roles-b");
});

test.describe("John, the cluster admin", () => {
  test.use({ storageState: storageStateFor("john") });

  test("sees the admin pages and claims of every team", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/admin\/storage-classes/);
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const item of ["Storage classes", "Volumes", "Claims", "Unused review"]) {
      await expect(nav.getByRole("link", { name: item })).toBeVisible();
    }
    await expect(nav.getByRole("link", { name: "Request a volume" })).toHaveCount(0);
    await page.goto("/admin/claims");
    await expect(page.getByTestId("pvc-row-team-a-e2e-roles-a")).toBeVisible();
    await expect(page.getByTestId("pvc-row-team-b-e2e-roles-b")).toBeVisible();
    await expect(page.getByTestId("cluster-status")).toHaveAttribute("data-connected", "true");
    await expect(page.getByTestId("cluster-status")).toContainText("v1.37");
  });
});

test.describe("Bob, a developer in team-a", () => {
  test.use({ storageState: storageStateFor("bob") });

  test("has no admin navigation and is turned away from admin URLs", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/claims/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Request a volume" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Storage classes" })).toHaveCount(0);
    for (const url of ["/admin/storage-classes", "/admin/volumes", "/admin/claims"]) {
      await page.goto(url);
      await expect(page).toHaveURL(/\/forbidden/);
      await expect(page.getByRole("heading", { name: "This page is not for your role" })).toBeVisible();
    }
  });

  test("sees only his team's claims", async ({ page }) => {
    await page.goto("/claims");
    await expect(page.getByRole("link", { name: "e2e-roles-a" })).toBeVisible();
    await expect(page.getByRole("link", { name: "e2e-roles-b" })).toHaveCount(0);
    // The page streams (loading.tsx), so the answer is the not-found view, not a 404 status.
    await page.goto("/claims/team-b/e2e-roles-b");
    await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
    await expect(page.getByText("Requested")).toHaveCount(0);
  });

});

test("the live stream and pages refuse visitors without a session", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const stream = await anon.get("/api/stream");
  expect(stream.status()).toBe(401);
  const page = await anon.get("/admin/volumes", { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  expect(page.headers()["location"]).toContain("/signin");
  await anon.dispose();
});

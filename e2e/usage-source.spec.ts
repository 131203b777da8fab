import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";

// Issue 14: the admin page that says where usage figures come from. The e2e portal runs on
// the local cluster, which grants the portal nodes/proxy, so its source is the Summary API.

test.describe("usage source status", () => {
  test("John sees the configured source and how its last collection went", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: storageStateFor("john") });
    const page = await ctx.newPage();
    await page.goto("/admin/usage-source");
    await expect(page.getByRole("heading", { name: "Usage source" })).toBeVisible();
    const status = page.getByTestId("usage-source-status");
    await expect(status.getByTestId("usage-source-kind")).toContainText("kubelet Summary API");
    // The first collection may still be running on a cold portal: reload until it is in.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("usage-collected-at")).toContainText("ago", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId("usage-source-kind")).toContainText("ok");
    await expect(page.getByTestId("usage-took")).toHaveText(/^\d+ ms$/);
    await expect(page.getByTestId("usage-coverage")).toContainText("with a figure");
    await expect(page.getByTestId("usage-errors")).toHaveCount(0);
    await ctx.close();
  });

  test("Bob is turned away from both usage pages and has no Usage link", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: storageStateFor("bob") });
    const page = await ctx.newPage();
    await page.goto("/admin/usage-source");
    await expect(page).toHaveURL(/\/forbidden/);
    await page.goto("/admin/usage");
    await expect(page).toHaveURL(/\/forbidden/);
    await page.goto("/claims");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Usage", exact: true })).toHaveCount(0);
    await ctx.close();
  });
});

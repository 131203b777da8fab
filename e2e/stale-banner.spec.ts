import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/users";

// Runs after every other spec (its own Playwright project): it stops the control plane.
const cluster = (cmd: "up" | "down") =>
  execFileSync("bash", [path.join(__dirname, "..", "cluster", "cluster.sh"), cmd], { stdio: "inherit", timeout: 150_000 });

test.use({ storageState: storageStateFor("john") });

test("the stale banner appears when the apiserver is unreachable and goes when it is back", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/admin/volumes");
  await expect(page.getByTestId("cluster-status")).toHaveAttribute("data-connected", "true");
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);
  const heading = page.getByRole("heading", { name: "Persistent volumes" });
  try {
    cluster("down");
    const stopped = Date.now();
    await expect(page.getByTestId("stale-banner")).toBeVisible({ timeout: 10_000 });
    console.log(`stale banner after ${Date.now() - stopped} ms`);
    // The last known data stays on the page.
    await expect(heading).toBeVisible();
    await expect(page.getByTestId("cluster-status")).toHaveAttribute("data-connected", "false");
  } finally {
    cluster("up");
  }
  await expect(page.getByTestId("stale-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("cluster-status")).toHaveAttribute("data-connected", "true");
});

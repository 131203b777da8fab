import { expect, test } from "@playwright/test";

// Sign-in through a real OpenID Connect provider (oidc-provider on loopback, started by the
// Playwright config) against a second portal configured for OIDC only.
const OIDC_PORTAL = `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

test("a person signs in with OIDC and gets the rights of the groups in their token", async ({ page }) => {
  await page.goto(`${OIDC_PORTAL}/signin`);
  await expect(page.getByText("Demo user (local cluster)")).toHaveCount(0);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  // oidc-provider's built-in login and consent screens.
  await page.locator('input[name="login"]').fill("carol");
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: /sign-in/i }).click();
  const consent = page.getByRole("button", { name: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
  await expect(page).toHaveURL(new RegExp(`${OIDC_PORTAL}/claims`));
  await expect(page.getByTestId("signed-in-user")).toHaveText("oidc:carol");
  // carol is in bindery:team-b: a developer there, not an admin.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Request a volume" })).toBeVisible();
  await page.goto(`${OIDC_PORTAL}/admin/volumes`);
  await expect(page).toHaveURL(/\/forbidden/);
});

test("wrong demo password is refused with a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("radio", { name: /^john/i }).check();
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Unknown user or wrong password.")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
});

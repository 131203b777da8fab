import { spawn } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { OIDC_ISSUER, OIDC_PORTAL, OIDC_REFRESH_SECONDS, OIDC_SESSION_SECONDS } from "./support/oidc";

// Identity and session rules, through a real browser, the real oidc-provider and the portal
// configured for it (playwright.config.ts: short lifetime and group re-check interval).

async function signInWithIdp(page: Page, login: string): Promise<void> {
  await page.goto(`${OIDC_PORTAL}/signin`);
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any");
  await page.getByRole("button", { name: /sign-in/i }).click();
  const consent = page.getByRole("button", { name: /continue/i });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

async function setGroups(account: string, groups: string[]): Promise<void> {
  const res = await fetch(`${OIDC_ISSUER}/test/groups?account=${account}&groups=${encodeURIComponent(groups.join(","))}`, { method: "POST" });
  expect(res.status).toBe(200);
}

test.describe("the identity provider cannot escalate through the portal", () => {
  const refused: [string, string, RegExp][] = [
    ["mallory, in group system:masters", "mallory", /starting with "system:"/],
    ["a user named system:admin", "sysadmin", /starting with "system:"/],
    ["a user name with a trailing space", "trent", /starts or ends with a space/],
    ["a user name with a control character", "bell", /control characters/],
  ];
  for (const [who, login, why] of refused) {
    test(`${who} is refused at sign-in and told why`, async ({ page }) => {
      await signInWithIdp(page, login);
      await expect(page).toHaveURL(new RegExp(`${OIDC_PORTAL}/signin`));
      const alert = page.getByTestId("signin-error");
      await expect(alert).toContainText("You were not signed in.");
      await expect(alert).toContainText(why);
      // No session came of it: pages still send them to sign-in, the API says 401.
      await page.goto(`${OIDC_PORTAL}/claims`);
      await expect(page).toHaveURL(/\/signin/);
      expect((await page.request.get(`${OIDC_PORTAL}/api/unused`)).status()).toBe(401);
    });
  }
});

test("removing a group at the identity provider takes effect within the re-check interval", async ({ page }) => {
  await setGroups("dave", ["bindery:developers", "bindery:team-a"]);
  await signInWithIdp(page, "dave");
  await expect(page).toHaveURL(new RegExp(`${OIDC_PORTAL}/claims`));
  await expect(page.getByTestId("signed-in-user")).toHaveText("oidc:dave");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Request a volume" })).toBeVisible();
  await setGroups("dave", []);
  await page.waitForTimeout((OIDC_REFRESH_SECONDS + 1) * 1000);
  await page.goto(`${OIDC_PORTAL}/request`);
  await expect(page.getByText("You have no namespace to request volumes in.")).toBeVisible();
  await expect(nav.getByRole("link", { name: "Request a volume" })).toHaveCount(0);
  await expect(page.getByTestId("signed-in-user")).toHaveText("oidc:dave");
  // And adding one back shows up the same way.
  await setGroups("dave", ["bindery:developers", "bindery:team-a"]);
  await page.waitForTimeout((OIDC_REFRESH_SECONDS + 1) * 1000);
  await page.goto(`${OIDC_PORTAL}/request`);
  await expect(page.getByRole("heading", { name: "Request a volume" })).toBeVisible();
});

test("a session ends at its absolute lifetime even when it is refreshed all along", async ({ page }) => {
  test.setTimeout((OIDC_SESSION_SECONDS + 60) * 1000);
  await setGroups("erin", ["bindery:developers", "bindery:team-a"]);
  await signInWithIdp(page, "erin");
  await expect(page.getByTestId("signed-in-user")).toHaveText("oidc:erin");
  const start = Date.now(); // after sign-in, so waiting from here always passes the lifetime
  // Keep the session busy: next-auth re-issues the cookie on every session read, and erin's
  // groups are re-checked through the refresh-token grant (her access tokens last 5 s).
  while (Date.now() - start < (OIDC_SESSION_SECONDS - 6) * 1000) {
    const s = (await (await page.request.get(`${OIDC_PORTAL}/api/auth/session`)).json()) as { user?: { name?: string } };
    expect(s.user?.name).toBe("oidc:erin");
    await page.waitForTimeout(4_000);
  }
  // The browser still holds a cookie it was just given...
  const cookies = await page.context().cookies(OIDC_PORTAL);
  expect(cookies.some((c) => c.name === "next-auth.session-token")).toBe(true);
  await page.waitForTimeout(Math.max(0, start + (OIDC_SESSION_SECONDS + 2) * 1000 - Date.now()));
  // ...but the portal no longer accepts it, and says so.
  await page.goto(`${OIDC_PORTAL}/claims`);
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByTestId("signin-error")).toContainText("Your session has ended");
});

test("sign-out ends the session, also for a copy of its cookie", async ({ page, playwright, baseURL }) => {
  const signIn = new SignInPage(page);
  await signIn.signIn("bob");
  await signIn.expectSignedInAs("bob");
  const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
  expect(cookie).toBeTruthy();
  const copy = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Cookie: `next-auth.session-token=${cookie!.value}` } });
  expect((await copy.get("/api/unused")).status()).toBe(403); // signed in, not an admin
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await copy.get("/api/unused")).status()).toBe(401);
  await copy.dispose();
});

test("pages carry the security headers and still work", async ({ page }) => {
  const res = await page.goto("/signin");
  const h = res!.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toContain("object-src 'none'");
  expect(h["content-security-policy"]).toContain("base-uri 'self'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("same-origin");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["permissions-policy"]).toContain("camera=()");
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  // The demo sign-in is a hydrated client component: it only works if scripts were allowed.
  const signIn = new SignInPage(page);
  await signIn.signIn("john");
  await signIn.expectSignedInAs("john");
  expect(violations).toEqual([]);
});

test("the server refuses to start with a placeholder session secret outside demo mode", async () => {
  const port = Number(process.env.E2E_PORT ?? 3100) + 50;
  const env = { ...process.env, NEXTAUTH_SECRET: "change-me-to-32-random-bytes", BINDERY_DEMO_USERS: "", NEXTAUTH_URL: `http://localhost:${port}` };
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve(null);
    }, 45_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).toBe(1);
  expect(output).toContain("refusing to start: NEXTAUTH_SECRET is shorter than 32 bytes");
});

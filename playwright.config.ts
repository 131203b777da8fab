import { defineConfig } from "@playwright/test";
import path from "node:path";
import { OIDC_REFRESH_SECONDS, OIDC_SESSION_SECONDS } from "./e2e/support/oidc";

const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(__dirname, ".cluster");
const kubeconfig = process.env.KUBECONFIG ?? path.join(clusterDir, "kubeconfig-portal.yaml");
// Ports and build dir can be moved so several checkouts can run e2e side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const OIDC_PORTAL_PORT = PORT + 1;
const OIDC_PORT = PORT + 100;

const portalEnv = {
  KUBECONFIG: kubeconfig,
  BINDERY_CLUSTER_DIR: clusterDir,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789",
  ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
};

/** Specs that change the whole cluster (CRDs removed, control plane stopped): they run last. */
const DISRUPTIVE = /(stale-banner|snapshot-crds)\.spec\.ts/;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1, // one shared cluster: tests own distinct names but run one at a time on 2 cores
  timeout: 90_000,
  expect: { timeout: 20_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", testIgnore: [/auth\.setup\.ts/, DISRUPTIVE], dependencies: ["setup"] },
    // Remove the snapshot CRDs, stop and restart the control plane: after everything else, one at a time.
    { name: "disruptive", testMatch: DISRUPTIVE, dependencies: ["chromium"], fullyParallel: false },
  ],
  webServer: [
    {
      // Demo users: loopback only, as scripts/start.sh does.
      command: `npx next start -p ${PORT} -H 127.0.0.1`,
      url: `http://localhost:${PORT}/signin`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      env: {
        ...portalEnv,
        BINDERY_DEMO_USERS: "1",
        BINDERY_DEMO_PASSWORD: "demo",
        NEXTAUTH_URL: `http://localhost:${PORT}`,
        // Usage (e2e/usage.spec.ts): a fresh figure every second, and advice on claims made seconds ago.
        BINDERY_USAGE_REFRESH_SECONDS: "1",
        BINDERY_USAGE_ADVICE_MIN_AGE_MINUTES: "0",
      },
    },
    {
      command: `node e2e/support/oidc-server.mjs ${OIDC_PORT} http://localhost:${OIDC_PORTAL_PORT}`,
      url: `http://localhost:${OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      // A second portal configured for a real OIDC identity provider only (no demo users).
      command: `npx next start -p ${OIDC_PORTAL_PORT} -H 127.0.0.1`,
      url: `http://localhost:${OIDC_PORTAL_PORT}/signin`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      env: {
        ...portalEnv,
        NEXTAUTH_URL: `http://localhost:${OIDC_PORTAL_PORT}`,
        OIDC_ISSUER: `http://localhost:${OIDC_PORT}`,
        OIDC_CLIENT_ID: "bindery",
        OIDC_CLIENT_SECRET: "bindery-e2e-secret",
        OIDC_USERNAME_PREFIX: "oidc:",
        // Not the default (sub): oidc-provider fixes sub to the login, and the refusal tests need
        // names an IdP user could choose (e2e/support/oidc-server.mjs).
        OIDC_USERNAME_CLAIM: "preferred_username",
        // The local cluster's RBAC binds the un-prefixed bindery:* groups.
        OIDC_GROUPS_PREFIX: "-",
        // Short enough for e2e/security.spec.ts to watch them happen.
        BINDERY_GROUP_REFRESH_SECONDS: String(OIDC_REFRESH_SECONDS),
        BINDERY_SESSION_MAX_AGE: String(OIDC_SESSION_SECONDS),
      },
    },
  ],
});

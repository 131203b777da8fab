// Prints the portal's foundation figures, measured in one run against a running portal and the
// local control plane:
//  - apiserver WATCH requests with 1 and with 20 browser tabs open (must be equal: the portal
//    keeps one shared watch per resource type, whatever the number of browsers),
//  - first-load JavaScript per page (bytes of JS the browser fetched for a cold load),
//  - resident memory of the idle portal server.
// Usage: node bench/portal-figures.mts [baseURL]   (baseURL default http://localhost:3000)
import { execSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { parse } from "yaml";

const base = process.argv[2] ?? "http://localhost:3000";
const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(process.cwd(), ".cluster");

function adminGet(p: string): Promise<string> {
  const kc = parse(fs.readFileSync(path.join(clusterDir, "kubeconfig-admin.yaml"), "utf8"));
  const c = kc.clusters[0].cluster;
  const u = kc.users[0].user;
  const b = (s: string) => Buffer.from(s, "base64");
  return new Promise((resolve, reject) => {
    https
      .get(new URL(c.server + p), { ca: b(c["certificate-authority-data"]), cert: b(u["client-certificate-data"]), key: b(u["client-key-data"]) }, (res) => {
        let d = "";
        res.on("data", (x) => (d += x));
        res.on("end", () => resolve(d));
      })
      .on("error", reject);
  });
}

/** Sum of the apiserver's open long-running WATCH requests. */
async function openWatches(): Promise<number> {
  const metrics = await adminGet("/metrics");
  let total = 0;
  for (const line of metrics.split("\n")) {
    if (line.startsWith("apiserver_longrunning_requests{") && line.includes('verb="WATCH"')) {
      total += Number(line.split(" ").pop());
    }
  }
  return total;
}

async function signIn(page: Page, user: string) {
  await page.goto(`${base}/signin`);
  await page.getByRole("radio", { name: new RegExp(`^${user}`, "i") }).check();
  await page.getByLabel("Password").fill(process.env.BINDERY_DEMO_PASSWORD ?? "demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("signed-in-user").waitFor();
}

const settle = () => new Promise((r) => setTimeout(r, 3000));

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const ctx = await browser.newContext();
  const first = await ctx.newPage();
  await signIn(first, "john");

  // First-load JS per page: a fresh context per page so nothing comes from the cache.
  const pages = ["/signin", "/admin/storage-classes", "/admin/volumes", "/admin/claims", "/admin/unused", "/claims", "/request", "/workloads"];
  const state = await ctx.storageState();
  console.log("first-load JS per page (decoded size of the scripts a cold load fetches):");
  for (const p of pages) {
    const c = await browser.newContext({ storageState: p === "/signin" ? undefined : state });
    const pg = await c.newPage();
    // The SSE stream never lets the network go idle: wait for load, then for late chunks.
    await pg.goto(base + p, { waitUntil: "load" });
    await pg.waitForTimeout(1500);
    const bytes = await pg.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === "script" || e.name.includes(".js"))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).decodedBodySize, 0),
    );
    console.log(`  ${p.padEnd(24)} ${(bytes / 1024).toFixed(1)} KiB`);
    await c.close();
  }

  await first.goto(`${base}/admin/volumes`);
  await settle();
  const one = await openWatches();
  const tabs: Page[] = [];
  for (let i = 0; i < 19; i++) {
    const t = await ctx.newPage();
    await t.goto(`${base}/admin/claims`);
    tabs.push(t);
  }
  await settle();
  const twenty = await openWatches();
  console.log(`apiserver WATCH requests open: 1 tab = ${one}, 20 tabs = ${twenty} (${one === twenty ? "equal" : "DIFFERENT"})`);
  for (const t of tabs) await t.close();
  await browser.close();

  const port = new URL(base).port || "80";
  try {
    const pid = execSync(`ss -ltnpH 'sport = :${port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`).toString().trim();
    const rss = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1];
    console.log(`portal server RSS (after the run, idle): ${(Number(rss) / 1024).toFixed(0)} MiB (pid ${pid})`);
  } catch {
    console.log("portal server RSS: could not find the server process");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

#!/usr/bin/env node
// Every page at scale (issue 11): seeds the local cluster (or reuses the seed), starts the
// portal, and measures each page as John and as Bob:
//  - server: full response time p50/p95 over sequential GETs, the HTML size, and the portal's
//    CPU time per request (from /proc: a cost the machine's load does not inflate),
//  - browser: navigation start -> load event in real Chromium (Playwright), p95,
//  - the portal's resident memory after the whole run, and bytes per cached object by type
//    (whole objects as the apiserver sends them vs the projections the cache keeps),
//  - raw LIST times of the same objects from the apiserver: the ratio's denominator.
// Ends with exactly one line:
//   scale: worst-page-p95=<ms>ms worst-page-html=<KiB>KiB worst-browser-load-p95=<ms>ms portal-rss=<MiB>MiB
//
//   npm run bench:scale                          # 10k PVs / 10k claims / 30k pods, portal on :3600
//   npm run bench:scale -- --pods 100000         # the 100k-pods run
//   npm run bench:scale -- --url http://localhost:3000 --pid 1234   # an already running portal
//
// Needs a built portal (`npx next build`; NEXT_DIST_DIR is honoured) and the local cluster.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { cacheFigures, formatMemory, listFigures, portalMemory } from "./scale-cache.mjs";
import { adminClient } from "./scale-kube.mjs";
import { machineLoad } from "./machine.mjs";
import { request } from "./portal-http.mjs";
import { formatAreas, readAreas } from "./native-mem.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    url: { type: "string" },
    pid: { type: "string" },
    port: { type: "string", default: process.env.E2E_PORT ?? "3600" },
    pvs: { type: "string", default: "10000" },
    claims: { type: "string", default: "10000" },
    pods: { type: "string", default: "30000" },
    requests: { type: "string", default: "20" },
    // 20: a p95 of 8 loads is their slowest one, so one stray sample decided it.
    loads: { type: "string", default: "20" },
    "no-seed": { type: "boolean", default: false },
    // Only pages whose path contains this (quick re-measures while profiling).
    only: { type: "string" },
    // Extra Node flags for the portal only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", "--heapsnapshot-signal=SIGUSR2").
    "portal-node-options": { type: "string", default: "" },
    // V8 flags on the portal's command line (some are refused in NODE_OPTIONS); default: what
    // `npm start` and the image use (package.json config.portalNodeFlags).
    "portal-node-flags": { type: "string" },
  },
});
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const portalFlags = (opt["portal-node-flags"] ?? pkg.config?.portalNodeFlags ?? "").split(" ").filter(Boolean);
const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(root, ".cluster");
const kube = adminClient(process.env.ADMIN_KUBECONFIG ?? path.join(clusterDir, "kubeconfig-admin.yaml"));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x) => `${x.toFixed(0)} ms`;

// --- data -------------------------------------------------------------------------------

/** The seed creates objects in index order: the last one of each kind tells whether it is done. */
async function ensureSeed() {
  const want = { pvs: Number(opt.pvs), claims: Number(opt.claims), pods: Number(opt.pods) };
  const exists = async (p) => (await kube.get(p)).status === 200;
  const done =
    (await exists(`/api/v1/persistentvolumes/scale-pv-${want.pvs - 1}`)) &&
    (await exists(`/api/v1/namespaces/scale-test/persistentvolumeclaims/scale-pvc-${want.claims - 1}`)) &&
    (await exists(`/api/v1/namespaces/scale-test/pods/scale-pod-${want.pods - 1}`));
  console.log(`seed: ${want.pvs} PVs, ${want.claims} claims, ${want.pods} pods ${done ? "already there (reused)" : "missing: seeding"}`);
  if (done || opt["no-seed"]) return;
  const r = spawnSync(process.execPath, [path.join(root, "scripts/seed-scale.mjs"), "--pvs", opt.pvs, "--claims", opt.claims, "--pods", opt.pods], { stdio: "inherit", env: process.env });
  if (r.status !== 0) throw new Error("seeding failed");
}

// --- portal -----------------------------------------------------------------------------

function startPortal(port) {
  const env = {
    ...process.env,
    KUBECONFIG: process.env.KUBECONFIG ?? path.join(clusterDir, "kubeconfig-portal.yaml"),
    BINDERY_DEMO_USERS: "1",
    BINDERY_DEMO_PASSWORD: "demo",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-not-for-production-0123456789",
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_OPTIONS: [process.env.NODE_OPTIONS, opt["portal-node-options"]].filter(Boolean).join(" "),
    // What `npm start`, scripts/start.sh and the image set (2 malloc arenas, not one per thread).
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  };
  const child = spawn(process.execPath, [...portalFlags, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  return child;
}


async function waitUp(base) {
  for (let i = 0; i < 240; i++) {
    const ok = await request(base, "/signin").then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`portal at ${base} did not come up`);
}

const cookiesOf = (res) => (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);

async function signIn(base, user) {
  const csrf = await request(base, "/api/auth/csrf");
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body.toString());
  const form = new URLSearchParams({ csrfToken, username: user, password: "demo", json: "true", callbackUrl: "/" }).toString();
  const res = await request(base, "/api/auth/callback/demo", {
    method: "POST",
    body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(form), Cookie: jar.join("; ") },
  });
  const all = [...jar, ...cookiesOf(res)];
  if (!all.some((c) => c.includes("session-token"))) throw new Error(`sign-in as ${user} failed (${res.status})`);
  return all;
}

/** Resident memory of a process and its children (next start may fork), from /proc. */
function rssOf(pid) {
  const kids = new Map();
  for (const d of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  let rss = 0;
  let anon = 0;
  const walk = (p) => {
    try {
      const s = fs.readFileSync(`/proc/${p}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
      anon += Number(/RssAnon:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
    } catch {
      return;
    }
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(pid);
  return { rss, anon };
}

// --- pages ------------------------------------------------------------------------------

const PICKER = "/api/volumes/available?size=1Gi&accessMode=ReadWriteOnce&volumeMode=Filesystem";
const PAGES = {
  john: ["/admin/storage-classes", "/admin/volumes", "/admin/volumes?phase=Released", "/admin/claims", "/admin/claims?sort=size&dir=desc&page=50", "/admin/unused", "/claims", "/workloads", "/request", PICKER],
  bob: ["/claims", "/workloads", "/request", "/request/workload", PICKER],
};

/** CPU time (user + system, ms) a process has used so far: per-request cost that the machine's load does not inflate. */
function cpuMsOf(pid) {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

async function serverFigures(base, cookie, pathname, pid) {
  const headers = { Cookie: cookie };
  // An older portal without this route (the "before" run) just reports it missing.
  if ((await request(base, pathname, { headers })).status === 404) return undefined;
  await request(base, pathname, { headers });
  const times = [];
  let last;
  const cpu0 = cpuMsOf(pid);
  for (let i = 0; i < Number(opt.requests); i++) {
    last = await request(base, pathname, { headers });
    if (last.status !== 200) throw new Error(`GET ${pathname}: ${last.status}`);
    times.push(last.ms);
  }
  const cpu1 = cpuMsOf(pid);
  const cpu = cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / Number(opt.requests);
  return { p50: pct(times, 50), p95: pct(times, 95), bytes: last.body.length, cpu };
}

async function browserFigures(browser, base, cookies, pathname) {
  const ctx = await browser.newContext({ baseURL: base });
  await ctx.addCookies(cookies.map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), url: base })));
  const page = await ctx.newPage();
  const loads = [];
  await page.goto(pathname, { waitUntil: "load", timeout: 60_000 }).catch(() => undefined); // warm the browser cache like a returning user
  for (let i = 0; i < Number(opt.loads); i++) {
    // A page that does not load in a minute counts as a minute (the "before" portal had those).
    const ok = await page.goto(pathname, { waitUntil: "load", timeout: 60_000 }).then(() => true, () => false);
    loads.push(ok ? await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventEnd) : 60_000);
  }
  await ctx.close();
  return { p50: pct(loads, 50), p95: pct(loads, 95) };
}

async function main() {
  await ensureSeed();
  if (!opt.url) console.log(`portal node flags: ${portalFlags.join(" ") || "(none)"}`);
  const lists = await listFigures(kube);
  const port = Number(opt.port);
  const base = opt.url ?? `http://localhost:${port}`;
  const child = opt.url ? undefined : startPortal(port);
  const pid = child?.pid ?? Number(opt.pid);
  let browser;
  try {
    await waitUp(base);
    const jar = { john: await signIn(base, "john"), bob: await signIn(base, "bob") };
    // Let the shared caches fill (the review answers "loading" until every type is listed).
    for (let i = 0; i < 240; i++) {
      const r = await request(base, "/admin/unused", { headers: { Cookie: jar.john.join("; ") } });
      if (r.status === 200 && r.body.includes('data-testid="review-meta"')) break;
      await new Promise((res) => setTimeout(res, 1000));
    }
    // At rest: what the process holds once quiet (the portal trims its heap after 2 s without requests).
    const settle = () => new Promise((r) => setTimeout(r, 8_000));
    const rssSyncedNow = pid ? rssOf(pid) : undefined;
    await settle();
    const rssSynced = pid ? rssOf(pid) : undefined;
    const memSynced = await portalMemory(request, base);
    const areasSynced = pid ? readAreas(pid) : undefined;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
    const rows = [];
    const machine = machineLoad();
    console.log(`\nPages (${opt.requests} sequential GETs after 2 warm-ups; ${opt.loads} browser loads after 1 warm-up):`);
    console.log(`  ${"user".padEnd(5)} ${"page".padEnd(42)} ${"server p50".padStart(10)} ${"p95".padStart(8)} ${"HTML".padStart(9)} ${"CPU/req".padStart(8)} ${"load p50".padStart(9)} ${"p95".padStart(8)}`);
    for (const [user, pages] of Object.entries(PAGES)) {
      for (const p of pages) {
        if (opt.only && !p.includes(opt.only)) continue;
        const s = await serverFigures(base, jar[user].join("; "), p, pid);
        if (!s) {
          console.log(`  ${user.padEnd(5)} ${p.slice(0, 42).padEnd(42)} (not served by this portal)`);
          continue;
        }
        const b = p.startsWith("/api/") ? undefined : await browserFigures(browser, base, jar[user], p);
        rows.push({ user, page: p, ...s, load: b });
        console.log(`  ${user.padEnd(5)} ${p.slice(0, 42).padEnd(42)} ${ms(s.p50).padStart(10)} ${ms(s.p95).padStart(8)} ${`${(s.bytes / 1024).toFixed(0)} KiB`.padStart(9)} ${(s.cpu === undefined ? "?" : ms(s.cpu)).padStart(8)} ${b ? ms(b.p50).padStart(9) : "-".padStart(9)} ${b ? ms(b.p95).padStart(8) : "-".padStart(8)}`);
      }
    }
    console.log(`  meanwhile: ${machine.report()}`);
    await browser.close();
    browser = undefined;
    const rssNow = pid ? rssOf(pid) : undefined;
    await settle();
    const rss = pid ? rssOf(pid) : undefined;
    const memEnd = await portalMemory(request, base);
    const areasEnd = pid ? readAreas(pid) : undefined;
    console.log(`\nRaw LISTs from the apiserver (unpaged, body read and parsed, best of 2): the ratio's denominator`);
    for (const l of lists) console.log(`  ${l.type.padEnd(24)} ${String(l.items).padStart(7)} items ${`${(l.bytes / 1e6).toFixed(1)} MB`.padStart(9)}  ${ms(l.ms).padStart(8)}`);
    const listSum = lists.reduce((a, l) => a + l.ms, 0);
    const worst = rows.reduce((a, r) => (r.p95 > a.p95 ? r : a));
    console.log(`  all of them ${ms(listSum)}; worst page p95 / all LISTs = ${(worst.p95 / listSum).toFixed(3)}`);
    console.log("\nCache: bytes per object (V8 heap, measured in this process on the same objects):");
    for (const c of await cacheFigures(kube)) {
      console.log(`  ${c.type.padEnd(24)} ${String(c.items).padStart(7)} objects  whole ${String(Math.round(c.whole)).padStart(6)} B  projected ${String(Math.round(c.projected)).padStart(6)} B  (${(c.whole / c.projected).toFixed(1)}x smaller)`);
    }
    if (rss) {
      console.log(`\nPortal memory right after sync ${(rssSyncedNow.rss / 2 ** 20).toFixed(0)} MiB RSS, right after the pages ${(rssNow.rss / 2 ** 20).toFixed(0)} MiB RSS; 8 s later (at rest):`);
      console.log(`  after sync ${(rssSynced.rss / 2 ** 20).toFixed(0)} MiB RSS; after the benchmark ${(rss.rss / 2 ** 20).toFixed(0)} MiB RSS (${(rss.anon / 2 ** 20).toFixed(0)} MiB RssAnon)`);
    }
    console.log(`  by area after sync: ${formatMemory(memSynced)}`);
    console.log(`  by area after the run: ${formatMemory(memEnd)}`);
    // Resident memory by mapping (smaps): native growth shows as malloc arenas, not V8 heap.
    if (areasSynced) console.log(`  mappings after sync: ${formatAreas(areasSynced)}`);
    if (areasEnd) console.log(`  mappings after the run: ${formatAreas(areasEnd)}`);
    const worstHtml = rows.filter((r) => !r.page.startsWith("/api/")).reduce((a, r) => Math.max(a, r.bytes), 0);
    const worstLoad = rows.filter((r) => r.load).reduce((a, r) => Math.max(a, r.load.p95), 0);
    console.log(`worst server p95: ${worst.user} ${worst.page}`);
    console.log(
      `scale: worst-page-p95=${worst.p95.toFixed(0)}ms worst-page-html=${(worstHtml / 1024).toFixed(0)}KiB worst-browser-load-p95=${worstLoad.toFixed(0)}ms portal-rss=${rss ? (rss.rss / 2 ** 20).toFixed(0) : "?"}MiB`,
    );
  } finally {
    await browser?.close();
    child?.kill("SIGTERM");
    kube.close();
  }
}

await main();

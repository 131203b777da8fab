#!/usr/bin/env node
// Volume usage collection (issue 14). Reuses (or makes) the scale seed (scripts/seed-scale.mjs:
// 10k PVs / 10k claims / 30k gated pods), adds --mounted real CSI claims (--per-pod to a pod) with
// running pods in their own namespace (--namespace, no quota; seeding stops after --seed-minutes and
// the bench measures what runs by then), and starts portals (`next start`, refresh every second) on
// each usage source:
//  - summary: the kubelet Summary API through the node proxy of the real nodes;
//  - prometheus: a real Prometheus (its own, on --prom-port) scraping the real nodes AND a load
//    generator that exposes kubelet_volume_stats_* for every seeded claim (what 10k kubelets'
//    volumes would expose), so the queries run at 10k claims with a --window of history.
// Measures, per source: the collection time of each refresh (the status page's "took", p50/p95),
// the status page's response time (it classifies every claim: 10k index lookups), portal RSS.
// With the Summary API source and usage advice on for every mounted claim, the unused review's TTFB
// (GET /admin/unused as john, --unused-requests times). Also: JSON.parse of a 10k-volume Summary
// document (what one node with 10k volumes would cost). Ends with one line:
//   usage: mounted=<n> summary-collect-p95=<ms>ms prometheus-collect-p95=<ms>ms status-page-p95=<ms>ms unused-ttfb-p95=<ms>ms summary-parse-10k=<ms>ms portal-rss=<MiB>MiB
// The local cluster attaches 64 volumes per node unless started with BINDERY_CSI_MAX_VOLUMES.
//
//   npm run bench:usage -- [--mounted 2000] [--per-pod 20] [--seed-minutes 10] [--refreshes 20] [--refresh-seconds 1] [--port 16600]
//                        [--prom-port 16601] [--no-seed] [--keep] [--reuse NAME] [--portal-log FILE] ["--portal-flags=--cpu-prof"]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { machineLoad } from "./machine.mjs";
import { requestText, retryOnReset } from "./portal-http.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    mounted: { type: "string", default: "2000" },
    "per-pod": { type: "string", default: "20" },
    "seed-minutes": { type: "string", default: "10" },
    namespace: { type: "string", default: "usage-bench" },
    concurrency: { type: "string", default: "8" },
    // 100 at 250 ms apart: ~30 s, so one refresh of the default 30 s falls among them.
    "unused-requests": { type: "string", default: "100" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string", default: "" },
    // "summary,prometheus" (default) or one of them; the review's TTFB is measured on the first.
    sources: { type: "string", default: "summary,prometheus" },
    refreshes: { type: "string", default: "20" },
    // 1: a collection per second, to time many; the default deployment's 30 shows the review as people get it.
    "refresh-seconds": { type: "string", default: "1" },
    claims: { type: "string", default: "10000" },
    port: { type: "string", default: "16600" },
    "prom-port": { type: "string", default: "16601" },
    "no-seed": { type: "boolean", default: false },
    // The portal's log (JSON lines: requests, usage refreshes, review computations), to see where time went.
    "portal-log": { type: "string", default: "" },
    // More node flags for the portal, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (refused in NODE_OPTIONS).
    "portal-flags": { type: "string", default: "" },
  },
});
const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(root, ".cluster");
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** The larger of the sources measured (a source not measured is NaN). */
const worst = (...xs) => Math.max(...xs.filter(Number.isFinite));

// --- apiserver (admin kubeconfig) ------------------------------------------------------
const kc = parse(fs.readFileSync(process.env.ADMIN_KUBECONFIG ?? path.join(clusterDir, "kubeconfig-admin.yaml"), "utf8"));
const cl = kc.clusters[0].cluster;
const us = kc.users[0].user;
const b64 = (s) => (s ? Buffer.from(s, "base64") : undefined);
const agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca: b64(cl["certificate-authority-data"]), cert: b64(us["client-certificate-data"]), key: b64(us["client-key-data"]) });
/** One apiserver request; a keep-alive socket the server closed is retried once (bench/portal-http.mjs). */
function kube(method, apiPath, body) {
  return retryOnReset(() => kubeOnce(method, apiPath, body));
}
function kubeOnce(method, apiPath, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(cl.server + apiPath), { method, agent, headers: { Accept: "application/json", ...(payload ? { "Content-Type": "application/json" } : {}) } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, json: (() => { try { return JSON.parse(Buffer.concat(chunks).toString()); } catch { return undefined; } })() }));
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function ensureSeed() {
  const last = await kube("GET", `/api/v1/namespaces/scale-test/persistentvolumeclaims/scale-pvc-${Number(opt.claims) - 1}`);
  console.log(`seed: ${opt.claims} claims ${last.status === 200 ? "already there (reused)" : "missing: seeding"}`);
  if (last.status === 200 || opt["no-seed"]) return;
  const r = spawnSync(process.execPath, [path.join(root, "scripts/seed-scale.mjs"), "--claims", opt.claims], { stdio: "inherit", env: process.env });
  if (r.status !== 0) throw new Error("seeding failed");
}

async function pool(count, concurrency, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await work(next++);
  }));
}

const ok = (r, what) => {
  if (r.status >= 300 && r.status !== 409) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json?.message ?? r.json)}`);
};

/**
 * Up to --mounted tiny claims on the CSI class, --per-pod to a running pod, in their own namespace.
 * Pods are created until --seed-minutes have passed; returns the claims whose pods run.
 */
async function mountClaims(n, perPod, sc, ns) {
  ok(await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), "namespace");
  // Pods need the namespace's default ServiceAccount, which the controller-manager adds.
  for (let t = 0; t < 30 && (await kube("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status !== 200; t++) await sleep(1000);
  ok(await kube("POST", "/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc }, provisioner: "local.csi.bindery.io", volumeBindingMode: "WaitForFirstConsumer", reclaimPolicy: "Delete" }), "class");
  const pods = Math.ceil(n / perPod);
  const t0 = Date.now();
  const deadline = t0 + Number(opt["seed-minutes"]) * 60_000;
  let created = 0;
  const progress = setInterval(() => void runningPods(sc, ns).then((r) => console.log(`  seeding: ${created}/${pods} pods created, ${r} running, ${Math.round((Date.now() - t0) / 1000)} s`)), 30_000);
  try {
    await pool(pods, Number(opt.concurrency), async (j) => {
      if (Date.now() > deadline) return;
      const names = Array.from({ length: perPod }, (_, k) => `${sc}-${j}-${k}`);
      for (const name of names) {
        ok(await kube("POST", `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, labels: { "bindery.io/usage-bench": sc } }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: sc, resources: { requests: { storage: "1Mi" } } } }), "claim");
      }
      const volumes = names.map((claimName, k) => ({ name: `d${k}`, persistentVolumeClaim: { claimName } }));
      ok(await kube("POST", `/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: `${sc}-${j}`, labels: { "bindery.io/usage-bench": sc } }, spec: { containers: [{ name: "app", image: "busybox", volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/${v.name}` })) }], volumes } }), "pod");
      created++;
    });
    // Pods mount until the time is up (plus 2 minutes for those still mounting); what runs by then is measured.
    let running = 0;
    for (;;) {
      running = await runningPods(sc, ns);
      if (running === created || Date.now() > deadline + 120_000) break;
      await sleep(5000);
    }
    console.log(`seeded: ${created} pods x ${perPod} claims, ${running} pods running after ${Math.round((Date.now() - t0) / 1000)} s`);
    return running * perPod;
  } finally {
    clearInterval(progress);
  }
}

async function runningPods(sc, ns) {
  const r = await kube("GET", `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(`bindery.io/usage-bench=${sc}`)}`);
  return (r.json?.items ?? []).filter((p) => p.status?.phase === "Running").length;
}

/** Removes the namespace (pods, then claims, then their volumes) and the class. */
async function unmountClaims(sc, ns) {
  await kube("DELETE", `/api/v1/namespaces/${ns}?gracePeriodSeconds=0`);
  for (let t = 0; t < 120 && (await kube("GET", `/api/v1/namespaces/${ns}`)).status === 200; t++) await sleep(5000);
  await kube("DELETE", `/apis/storage.k8s.io/v1/storageclasses/${sc}`);
}

// --- load generator: kubelet_volume_stats_* for every seeded claim ---------------------------
function exporter(claims) {
  const names = ["capacity_bytes", "available_bytes", "used_bytes", "inodes", "inodes_free", "inodes_used"];
  const server = http.createServer((_req, res) => {
    const lines = [];
    for (const n of names) {
      lines.push(`# TYPE kubelet_volume_stats_${n} gauge`);
      for (let i = 0; i < claims; i++) {
        const used = ((i * 7919) % 1000) * 1048576;
        const v = { capacity_bytes: 1073741824, available_bytes: 1073741824 - used, used_bytes: used, inodes: 65536, inodes_free: 65000, inodes_used: 536 }[n];
        lines.push(`kubelet_volume_stats_${n}{namespace="scale-test",persistentvolumeclaim="scale-pvc-${i}"} ${v}`);
      }
    }
    res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
    res.end(lines.join("\n") + "\n");
  });
  return new Promise((r) => server.listen(0, "127.0.0.1", () => r(server)));
}

function startPrometheus(port, exporterPort) {
  const dir = fs.mkdtempSync("/tmp/bindery-bench-prom-");
  const nodesCfg = fs.readFileSync(path.join(clusterDir, "prometheus", "prometheus.yml"), "utf8"); // written by scripts/prometheus.sh
  const cfg = nodesCfg + `  - job_name: volumes-at-scale\n    static_configs: [{ targets: ["127.0.0.1:${exporterPort}"] }]\n`;
  fs.writeFileSync(path.join(dir, "prometheus.yml"), cfg);
  // On a real cluster Prometheus runs on other machines; here it shares the portal's cores, so it
  // runs at the lowest priority (the portal's figures then show its own work, not the contention).
  const child = spawn("nice", ["-n", "19", "prometheus", `--config.file=${dir}/prometheus.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"], { stdio: ["ignore", "ignore", "inherit"] });
  return { child, dir, url: `http://127.0.0.1:${port}` };
}

// --- portal ------------------------------------------------------------------------------
const cookiesOf = (res) => (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
async function signIn(base) {
  for (let i = 0; i < 240 && !(await requestText(base, "/signin").then((r) => r.status === 200, () => false)); i++) await sleep(500);
  const csrf = await requestText(base, "/api/auth/csrf");
  const jar = cookiesOf(csrf);
  const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body).csrfToken, username: "john", password: "demo", json: "true", callbackUrl: "/" }).toString();
  const res = await requestText(base, "/api/auth/callback/demo", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(form), Cookie: jar.join("; ") } });
  return [...jar, ...cookiesOf(res)].join("; ");
}
// The portal runs as `npm start` and the image run it: same V8 flags, same malloc arenas.
const portalFlags = `${JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).config?.portalNodeFlags ?? ""} ${opt["portal-flags"]}`.split(" ").filter(Boolean);
function startPortal(port, extraEnv) {
  const env = {
    MALLOC_ARENA_MAX: "2",
    ...process.env, KUBECONFIG: path.join(clusterDir, "kubeconfig-portal.yaml"), BINDERY_DEMO_USERS: "1", BINDERY_DEMO_PASSWORD: "demo",
    NEXTAUTH_SECRET: "bench-secret-not-for-production-0123456789", NEXTAUTH_URL: `http://localhost:${port}`, NEXT_TELEMETRY_DISABLED: "1",
    BINDERY_USAGE_REFRESH_SECONDS: opt["refresh-seconds"], ...(opt["portal-log"] ? { BINDERY_LOG_LEVEL: "debug" } : {}), ...extraEnv,
  };
  const out = opt["portal-log"] ? fs.openSync(opt["portal-log"], "a") : "ignore";
  return spawn(process.execPath, [...portalFlags, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], { cwd: root, env, stdio: ["ignore", out, out === "ignore" ? "inherit" : out] });
}
function rssMiB(pid) {
  let total = 0;
  const walk = (p) => {
    try { total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0) / 1024; } catch { return; }
    let kids = "";
    try { kids = fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8"); } catch { /* no children list: count the process alone */ }
    for (const c of kids.trim().split(/\s+/).filter(Boolean)) walk(Number(c));
  };
  walk(pid);
  return Math.round(total);
}

/** Sums of a metric family's samples in the text format, by label set (e.g. `le="0.1"`). */
function samples(text, name) {
  const out = new Map();
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const m = /^(\S+?)(\{.*\})? (\S+)$/.exec(line);
    if (m) out.set(`${m[1]}${m[2] ?? ""}`, Number(m[3]));
  }
  return out;
}
/** What the event loop did between two scrapes of /api/metrics: lag past 50/100/250 ms, GC pauses. */
function loopReport(before, after) {
  const d = (name, key) => (samples(after, name).get(key) ?? 0) - (samples(before, name).get(key) ?? 0);
  const lagOver = (le) => d("bindery_event_loop_lag_seconds", "bindery_event_loop_lag_seconds_count") - d("bindery_event_loop_lag_seconds", `bindery_event_loop_lag_seconds_bucket{le="${le}"}`);
  const gc = ["major", "minor", "incremental", "weakcb"].map((k) => `${k} ${Math.round(d("bindery_gc_pause_seconds", `bindery_gc_pause_seconds_sum{kind="${k}"}`) * 1000)} ms/${d("bindery_gc_pause_seconds", `bindery_gc_pause_seconds_count{kind="${k}"}`)}`).join(", ");
  const busy = Math.round(d("bindery_event_loop_lag_seconds", "bindery_event_loop_lag_seconds_sum") * 1000);
  return `event loop late past 50 ms ${lagOver(0.05)}x, past 100 ms ${lagOver(0.1)}x, past 250 ms ${lagOver(0.25)}x, past 1 s ${lagOver(1)}x (lag total ${busy} ms); GC pauses ${gc}`;
}

// React separates text parts with <!-- -->: keep reading across them.
const field = (html, id) => new RegExp(`data-testid="${id}"[^>]*>((?:[^<]|<!-- -->)*)`).exec(html)?.[1]?.replace(/<!-- -->/g, "");

/** Reads the status page once per refresh; returns took per distinct collection and the page times. */
async function measure(label, port, env, wantClaims, unused = false) {
  const base = `http://localhost:${port}`;
  // A portal left over from an interrupted run would answer instead of ours (with its own source).
  if (await requestText(base, "/api/healthz").then(() => true, () => false)) throw new Error(`port ${port} already answers (a portal left over?): stop it or pass --port`);
  const child = startPortal(port, env);
  try {
    const cookie = await signIn(base);
    let page;
    for (let i = 0; i < 300; i++) {
      page = await requestText(base, "/admin/usage-source", { headers: { Cookie: cookie } });
      const cov = field(page.body, "usage-coverage") ?? "";
      if (page.status === 200 && Number(/^(\d+) with a figure/.exec(cov)?.[1] ?? 0) >= wantClaims) break;
      await sleep(1000);
    }
    const took = new Map();
    const pageMs = [];
    for (let i = 0; i < Number(opt.refreshes); i++) {
      await sleep(1100);
      const r = await requestText(base, "/admin/usage-source", { headers: { Cookie: cookie } });
      pageMs.push(r.ms);
      const at = /<time[^>]*datetime="([^"]+)"[^>]*data-testid="usage-collected-at"/i.exec(r.body)?.[1];
      const t = Number(/(\d+) ms/.exec(field(r.body, "usage-took") ?? "")?.[1]);
      if (at && Number.isFinite(t)) took.set(at, t);
    }
    const tooks = [...took.values()];
    page = await requestText(base, "/admin/usage-source", { headers: { Cookie: cookie } });
    const cov = field(page.body, "usage-coverage");
    // The unused review with usage on: every mounted claim is judged for advice on each new snapshot.
    const ttfb = [];
    const slow = [];
    let advice = "";
    const metricsBefore = unused ? (await requestText(base, "/api/metrics")).body : "";
    const machine = machineLoad();
    const t0 = Date.now();
    for (let i = 0; i < (unused ? Number(opt["unused-requests"]) + 3 : 0); i++) {
      const startedAt = Date.now();
      const r = await requestText(base, "/admin/unused", { headers: { Cookie: cookie } });
      if (r.status !== 200) throw new Error(`/admin/unused: ${r.status}`);
      if (i >= 3) ttfb.push(r.ttfb); // the first ones compute the review
      if (i >= 3 && r.ttfb > 200) slow.push(`${Math.round(r.ttfb)} ms at +${((startedAt - t0) / 1000).toFixed(1)} s (${new Date(startedAt).toISOString().slice(11, 23)})`);
      advice = `${field(r.body, "advice-count")} advised, ${field(r.body, "advice-bytes")}`;
      await sleep(250);
    }
    if (unused) {
      console.log(`  during the ${ttfb.length} review requests (${((Date.now() - t0) / 1000).toFixed(0)} s): ${loopReport(metricsBefore, (await requestText(base, "/api/metrics")).body)}`);
      console.log(`  review requests over 200 ms: ${slow.length ? slow.join("; ") : "none"}`);
      console.log(`  meanwhile: ${machine.report()}`);
    }
    const rss = rssMiB(child.pid);
    const review = unused ? `; unused review TTFB p50 ${pct(ttfb, 50).toFixed(0)} ms, p95 ${pct(ttfb, 95).toFixed(0)} ms (${advice})` : "";
    console.log(`${label}: collections=${tooks.length} collect p50 ${pct(tooks, 50)} ms, p95 ${pct(tooks, 95)} ms; status page p50 ${pct(pageMs, 50).toFixed(0)} ms, p95 ${pct(pageMs, 95).toFixed(0)} ms; coverage: ${cov}${review}; portal RSS ${rss} MiB`);
    // Claims measured: every published volume counts, also of pods still mounting their others.
    const known = Number(/^(\d+) with a figure/.exec(field(page.body, "usage-coverage") ?? "")?.[1] ?? 0);
    return { p95: pct(tooks, 95), pageP95: pct(pageMs, 95), rss, unusedP95: unused ? pct(ttfb, 95) : undefined, known };
  } finally {
    child.kill("SIGTERM");
  }
}

async function main() {
  const perPod = Number(opt["per-pod"]);
  const ns = opt.namespace;
  const sc = opt.reuse || `usage-bench-${Date.now().toString(36)}`;
  await ensureSeed();
  const promUrlNodes = execFileSync("bash", [path.join(root, "scripts/prometheus.sh"), "start"], { encoding: "utf8" }).trim();
  console.log(`node Prometheus: ${promUrlNodes}`);
  const mounted = opt.reuse ? (await runningPods(sc, ns)) * perPod : await mountClaims(Number(opt.mounted), perPod, sc, ns);
  const exp = await exporter(Number(opt.claims));
  const prom = startPrometheus(Number(opt["prom-port"]), exp.address().port);
  try {
    // Advice for claims of any age: every measured claim is judged, the review's worst case.
    const sources = opt.sources.split(",");
    const advice = { BINDERY_USAGE_ADVICE_MIN_AGE_MINUTES: "0" };
    const none = { p95: NaN, pageP95: NaN, rss: NaN, unusedP95: undefined, known: 0 };
    const summary = sources.includes("summary") ? await measure(`summary (${mounted} mounted CSI claims, real nodes)`, Number(opt.port), { BINDERY_USAGE_SOURCE: "summary", ...advice }, mounted, true) : none;
    await sleep(5000); // a few scrapes of 10k claims
    const promRes = sources.includes("prometheus") ? await measure(`prometheus (${opt.claims} claims + ${mounted} mounted)`, Number(opt.port), { PROMETHEUS_URL: prom.url, ...advice }, Number(opt.claims), sources[0] === "prometheus") : none;
    const doc = JSON.stringify({ node: { nodeName: "n" }, pods: Array.from({ length: Number(opt.claims) }, (_, i) => ({ podRef: { name: `p${i}`, namespace: "scale-test" }, volume: [{ name: "d", pvcRef: { name: `scale-pvc-${i}`, namespace: "scale-test" }, time: new Date().toISOString(), usedBytes: i, capacityBytes: 1 << 30, availableBytes: (1 << 30) - i, inodes: 65536, inodesUsed: 3, inodesFree: 65533 }] })) });
    const parses = Array.from({ length: 10 }, () => { const t0 = performance.now(); JSON.parse(doc); return performance.now() - t0; });
    const parse10k = pct(parses, 50);
    console.log(`summary document of ${opt.claims} volumes: ${(doc.length / 1048576).toFixed(1)} MiB, JSON.parse p50 ${parse10k.toFixed(1)} ms`);
    console.log(`usage: mounted=${summary.known} prometheus-claims=${promRes.known} summary-collect-p95=${summary.p95}ms prometheus-collect-p95=${promRes.p95}ms status-page-p95=${Math.round(worst(summary.pageP95, promRes.pageP95))}ms unused-ttfb-p95=${Math.round(summary.unusedP95 ?? promRes.unusedP95)}ms summary-parse-10k=${parse10k.toFixed(0)}ms portal-rss=${worst(summary.rss, promRes.rss)}MiB`);
  } finally {
    prom.child.kill("SIGTERM");
    await sleep(500);
    fs.rmSync(prom.dir, { recursive: true, force: true });
    exp.close();
    if (opt.keep) console.log(`kept: --reuse ${sc} measures them again; delete namespace ${ns} when done`);
    else await unmountClaims(sc, ns);
    agent.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

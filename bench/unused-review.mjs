#!/usr/bin/env node
// Benchmark of the unused-volume review against a running portal (`next start`):
//  1. raw LIST time of PVs, claims and pods straight from the apiserver (admin kubeconfig),
//  2. TTFB and full-response time of GET /admin/unused with john's session cookie (p50/p95),
//  3. their ratio, and how many table rows the page sent.
//
//   node bench/unused-review.mjs --url http://localhost:3500 [--requests 60] [--query "pending=0m"]
//
// The portal must run with BINDERY_DEMO_USERS=1 (password $BINDERY_DEMO_PASSWORD or "demo").
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3500" },
    requests: { type: "string", default: "60" },
    warmup: { type: "string", default: "5" },
    query: { type: "string", default: "" },
    user: { type: "string", default: "john" },
    password: { type: "string", default: process.env.BINDERY_DEMO_PASSWORD ?? "demo" },
    lists: { type: "string", default: "3" },
  },
});

// --- apiserver LISTs ------------------------------------------------------------------

const kc = parse(fs.readFileSync(process.env.ADMIN_KUBECONFIG ?? path.join(root, ".cluster", "kubeconfig-admin.yaml"), "utf8"));
const cl = kc.clusters[0].cluster;
const us = kc.users[0].user;
const b64 = (s) => (s ? Buffer.from(s, "base64") : undefined);
const tls = { ca: b64(cl["certificate-authority-data"]), cert: b64(us["client-certificate-data"]), key: b64(us["client-key-data"]) };

/** One unpaged LIST, timed until the whole body is in and parsed (what a per-request LIST costs). */
function list(apiPath) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = https.request(new URL(cl.server + apiPath), { ...tls, headers: { Accept: "application/json", ...(us.token ? { Authorization: `Bearer ${us.token}` } : {}) } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const items = JSON.parse(body.toString("utf8")).items?.length ?? 0;
        resolve({ ms: performance.now() - t0, items, bytes: body.length });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

// --- portal ---------------------------------------------------------------------------

const base = new URL(opt.url);

function get(pathname, headers = {}, body, method = "GET") {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(new URL(pathname, base), { method, headers }, (res) => {
      let ttfb;
      const chunks = [];
      res.once("data", () => (ttfb = performance.now() - t0));
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, ttfb: ttfb ?? performance.now() - t0, total: performance.now() - t0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

const cookiesOf = (res) => (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);

/** Signs in through next-auth's credentials flow and returns the Cookie header. */
async function signIn() {
  const csrf = await get("/api/auth/csrf");
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body);
  const form = new URLSearchParams({ csrfToken, username: opt.user, password: opt.password, json: "true", callbackUrl: "/" }).toString();
  const res = await get("/api/auth/callback/demo", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(form), Cookie: jar.join("; ") }, form, "POST");
  const all = [...jar, ...cookiesOf(res)];
  if (!all.some((c) => c.includes("session-token"))) throw new Error(`sign-in failed (${res.status}): is BINDERY_DEMO_USERS=1 set on the portal?`);
  return all.join("; ");
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (ms) => `${ms.toFixed(1)} ms`;

async function main() {
  console.log("Raw LISTs from the apiserver (unpaged, body read and parsed; best of", opt.lists, "):");
  const lists = {};
  for (const [name, p] of [["persistentvolumes", "/api/v1/persistentvolumes"], ["persistentvolumeclaims", "/api/v1/persistentvolumeclaims"], ["pods", "/api/v1/pods"]]) {
    const runs = [];
    for (let i = 0; i < Number(opt.lists); i++) runs.push(await list(p));
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    lists[name] = best;
    console.log(`  ${name.padEnd(24)} ${String(best.items).padStart(6)} items  ${(best.bytes / 1e6).toFixed(1).padStart(6)} MB  ${f(best.ms)}`);
  }
  const listTotal = Object.values(lists).reduce((s, l) => s + l.ms, 0);
  const listMin = Math.min(...Object.values(lists).map((l) => l.ms));
  console.log(`  all three                                        ${f(listTotal)}`);

  const cookie = await signIn();
  const page = `/admin/unused${opt.query ? `?${opt.query}` : ""}`;
  console.log(`\nReview page ${base.origin}${page} as ${opt.user}: ${opt.warmup} warm-up + ${opt.requests} sequential GETs`);
  for (let i = 0; i < Number(opt.warmup); i++) {
    const r = await get(page, { Cookie: cookie });
    if (r.status !== 200) throw new Error(`GET ${page}: ${r.status}`);
  }
  const ttfb = [];
  const total = [];
  let last;
  for (let i = 0; i < Number(opt.requests); i++) {
    last = await get(page, { Cookie: cookie });
    if (last.status !== 200) throw new Error(`GET ${page}: ${last.status}`);
    ttfb.push(last.ttfb);
    total.push(last.total);
  }
  const rows = (last.body.match(/data-testid="unused-row-/g) ?? []).length;
  const count = /data-testid="finding-count">(\d+)</.exec(last.body)?.[1];
  const took = /data-took-ms="([\d.]+)"/.exec(last.body)?.[1];
  console.log(`  TTFB        p50 ${f(pct(ttfb, 50))}  p95 ${f(pct(ttfb, 95))}`);
  console.log(`  full page   p50 ${f(pct(total, 50))}  p95 ${f(pct(total, 95))}  (${(last.body.length / 1024).toFixed(0)} KiB HTML)`);
  console.log(`  rows sent   ${rows} of ${count ?? "?"} findings (one page); classification ${took ?? "?"} ms when last computed`);

  console.log("\nRatio (review p95 / raw LIST):");
  console.log(`  TTFB p95 / LIST of all three      ${(pct(ttfb, 95) / listTotal).toFixed(3)}`);
  console.log(`  TTFB p95 / fastest single LIST    ${(pct(ttfb, 95) / listMin).toFixed(3)}`);
  console.log(`  full p95 / LIST of all three      ${(pct(total, 95) / listTotal).toFixed(3)}`);
  const ok = pct(ttfb, 95) <= 200 && pct(ttfb, 95) < listMin;
  console.log(`\nTarget TTFB p95 <= 200 ms and below one raw LIST: ${ok ? "met" : "NOT met"}`);
}

await main();

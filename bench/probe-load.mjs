// Where a page's browser load time goes (navigation timing, resources, long tasks): a profiling
// aid for bench:scale's "browser load" figure. Needs a running portal (demo users).
//   node bench/probe-load.mjs --url http://localhost:3600 --user john --page /admin/unused --loads 5
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { request } from "./portal-http.mjs";

const { values: opt } = parseArgs({
  options: { url: { type: "string", default: "http://localhost:3600" }, user: { type: "string", default: "john" }, page: { type: "string", default: "/admin/unused" }, loads: { type: "string", default: "5" } },
});
const cookiesOf = (res) => (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
const csrf = await request(opt.url, "/api/auth/csrf");
const jar = cookiesOf(csrf);
const form = new URLSearchParams({ csrfToken: JSON.parse(csrf.body.toString()).csrfToken, username: opt.user, password: "demo", json: "true", callbackUrl: "/" }).toString();
const res = await request(opt.url, "/api/auth/callback/demo", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(form), Cookie: jar.join("; ") } });
const cookies = [...jar, ...cookiesOf(res)];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ baseURL: opt.url });
await ctx.addCookies(cookies.map((c) => ({ name: c.slice(0, c.indexOf("=")), value: c.slice(c.indexOf("=") + 1), url: opt.url })));
const page = await ctx.newPage();
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: "longtask", buffered: true });
});
await page.goto(opt.page, { waitUntil: "load" });
for (let i = 0; i < Number(opt.loads); i++) {
  await page.goto(opt.page, { waitUntil: "load" });
  const t = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    const r = performance.getEntriesByType("resource").map((e) => [e.name.replace(location.origin, "").slice(0, 60), Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize]);
    return { ttfb: Math.round(n.responseStart), responseEnd: Math.round(n.responseEnd), dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), long: window.__long, resources: r.filter((x) => x[2] > 100) };
  });
  console.log(JSON.stringify(t));
}
await browser.close();

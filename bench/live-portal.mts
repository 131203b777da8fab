// Helpers shared by bench/live.mts and the live-stream integration tests: start a real portal
// process (`next start`), sign in, open SSE streams and read the portal's internal counters.
// Plain Node (no path aliases) so `node bench/live.mts` and vitest can both load it.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { randomBytes } from "node:crypto";

export interface Portal {
  base: string;
  port: number;
  statsToken: string;
  secret: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..");

/** Starts `next start` from the build in NEXT_DIST_DIR (or .next) and waits until it answers. */
export async function startPortal(port: number, env: Record<string, string> = {}): Promise<Portal> {
  const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(root, ".cluster");
  const statsToken = randomBytes(24).toString("hex");
  const secret = randomBytes(32).toString("hex");
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      KUBECONFIG: process.env.KUBECONFIG ?? path.join(clusterDir, "kubeconfig-portal.yaml"),
      BINDERY_CLUSTER_DIR: clusterDir,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: `http://localhost:${port}`,
      BINDERY_DEMO_USERS: "1",
      BINDERY_DEMO_PASSWORD: "demo",
      BINDERY_LIVE_STATS_TOKEN: statsToken,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() ends next and its server child together
  });
  let log = "";
  child.stdout?.on("data", (d) => (log = (log + d).slice(-4000)));
  child.stderr?.on("data", (d) => (log = (log + d).slice(-4000)));
  const base = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited (${child.exitCode}):\n${log}`);
    const ok = await get(`${base}/signin`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`portal did not start on ${port}:\n${log}`);
    await sleep(300);
  }
  return {
    base,
    port,
    statsToken,
    secret,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([done, sleep(5000)]);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return send("GET", url, headers);
}

function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (data += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function cookiesOf(a: Answer): string[] {
  return (a.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);
}

/** Signs a demo user in through next-auth's own credentials flow; returns the Cookie header. */
export async function signIn(base: string, user: string, password = "demo"): Promise<string> {
  const csrf = await get(`${base}/api/auth/csrf`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, username: user, password, json: "true" }).toString();
  const res = await send("POST", `${base}/api/auth/callback/demo`, { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") }, form);
  const session = cookiesOf(res).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in as ${user} failed: ${res.status} ${res.body.slice(0, 200)}`);
  return session;
}

/** The portal's internal counters (GET /api/stream/stats, only with the process's token). */
export async function portalStats(p: Portal, gc = false): Promise<PortalStats> {
  const res = await get(`${p.base}/api/stream/stats${gc ? "?gc=1" : ""}`, { Authorization: `Bearer ${p.statsToken}` });
  if (res.status !== 200) throw new Error(`stats: ${res.status}`);
  return JSON.parse(res.body) as PortalStats;
}

export interface PortalStats {
  streams: { connections: number; queuedBytes: number; maxQueuedBytes: number; perPerson: Record<string, number>; topics: Record<string, number>; behind: number; skipped: number; resyncs: number; droppedSlow: number; lastFanoutMs: number };
  access: { hits: number; misses: number; size: number; subjectAccessReviews: number; rulesReviews: number };
  scopes: { size: number; computations: number; joined: number; refreshes: number };
  watches: Record<string, { watchesOpened: number }>;
  memory: { rss: number; heapUsed: number; heapTotal?: number; external?: number; arrayBuffers?: number };
  pid?: number;
  now: number;
}

export interface LiveClient {
  status: number;
  /** Body of a refused stream (the message shown to the person). */
  refusal: string;
  openedAt: number;
  readyAt?: number;
  changes: { topic: string; type: string; namespace?: string; name: string; at: number; receivedAt: number }[];
  events: string[];
  ended: boolean;
  close(): void;
}

/** Opens GET /api/stream and records what arrives; resolves once the response headers are in. */
export function openStream(base: string, cookie: string, query = ""): Promise<LiveClient> {
  const c: LiveClient = { status: 0, refusal: "", openedAt: performance.timeOrigin + performance.now(), changes: [], events: [], ended: false, close: () => {} };
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/stream${query}`, { headers: { Cookie: cookie, Accept: "text/event-stream" }, agent: false }, (res) => {
      c.status = res.statusCode ?? 0;
      res.setEncoding("utf8");
      let buf = "";
      res.on("data", (d: string) => {
        if (c.status !== 200) {
          c.refusal += d;
          return;
        }
        buf += d;
        let end;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event) continue;
          c.events.push(event);
          const now = performance.timeOrigin + performance.now();
          if (event === "ready") c.readyAt ??= now;
          if (event === "change" && data) c.changes.push({ ...JSON.parse(data), receivedAt: now });
        }
      });
      res.on("end", () => (c.ended = true));
      res.on("error", () => (c.ended = true));
      res.on("close", () => (c.ended = true));
      resolve(c);
    });
    c.close = () => req.destroy();
    req.on("error", (e) => (c.status ? (c.ended = true) : reject(e)));
  });
}

export async function waitUntil(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs a bench's main and exits (open sockets and the portal's timers must not keep it alive). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// Real portal servers (`next start` on the production build) for tests about processes:
// several replicas, readiness, metrics. The build must exist (scripts/test.sh builds it first).

export const distDir = process.env.NEXT_DIST_DIR ?? ".next";
if (!existsSync(path.join(distDir, "BUILD_ID"))) {
  throw new Error(`No production build in ${distDir}: run npx next build first (scripts/test.sh does).`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface Portal {
  port: number;
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export async function startPortal(env: Record<string, string>): Promise<Portal> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = "";
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "integration-test-secret-0123456789abcdef",
      BINDERY_DEMO_USERS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const portal: Portal = {
    port,
    url,
    child,
    output: () => out,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/api/healthz`)).ok) return portal;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await portal.stop("SIGKILL");
      throw new Error(`portal did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs a demo user in through next-auth's credentials flow; returns the Cookie header. */
export async function signIn(url: string, username: string, password = process.env.BINDERY_DEMO_PASSWORD ?? "demo"): Promise<string> {
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${url}/api/auth/callback/demo`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: url, json: "true" }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in as ${username} failed (${res.status})`);
  return session.split(";")[0]!;
}

/**
 * A TCP proxy in front of the apiserver: close() is a network cut (listener closed, open
 * connections reset), open() restores the path. The apiserver itself keeps running.
 */
export class CuttableProxy {
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((r) => this.server!.listen(this.port, "127.0.0.1", () => r()));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((r) => this.server?.close(() => r()) ?? r());
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

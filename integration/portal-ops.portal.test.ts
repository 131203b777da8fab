import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { admin, adminApply, apiServer } from "./admin";
import { CuttableProxy, freePort, signIn, startPortal, type Portal } from "./portal-process";
import { uniq, waitFor } from "./support";

// Real portal processes on the local cluster: metrics parsed by Prometheus' own promtool,
// readiness across a real network cut to the apiserver, and two replicas sharing the work.

const kubeconfig = process.env.KUBECONFIG!;
const LEASE_NS = "bindery-system";
const LEASE_S = 6;
const RETRY_S = 1;

async function scrape(p: Portal, token?: string): Promise<string> {
  const res = await fetch(`${p.url}/api/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  return res.text();
}

function sample(text: string, name: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : undefined;
}

async function holder(lease: string): Promise<string | undefined> {
  const res = await admin("GET", `/apis/coordination.k8s.io/v1/namespaces/${LEASE_NS}/leases/${lease}`);
  return res.status === 200 ? ((res.body.spec as { holderIdentity?: string }).holderIdentity || undefined) : undefined;
}

beforeAll(async () => {
  // The Lease rights of the local portal identity, as a fresh cluster's bootstrap applies them.
  const docs = parseAllDocuments(readFileSync("cluster/manifests/37-portal-leases.yaml", "utf8")).map((d) => d.toJSON());
  for (const o of docs) {
    const plural = o.kind === "Role" ? "roles" : "rolebindings";
    const res = await adminApply(o, `/apis/rbac.authorization.k8s.io/v1/namespaces/${LEASE_NS}/${plural}`);
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  }
});

describe("two replicas", () => {
  const lease = uniq("bindery-test-leader");
  const namespace = uniq("bindery-replicas");
  const env = (name: string) => ({
    POD_NAME: name,
    BINDERY_LEASE_NAME: lease,
    BINDERY_LEASE_NAMESPACE: LEASE_NS,
    BINDERY_LEASE_DURATION_SECONDS: String(LEASE_S),
    BINDERY_LEASE_RENEW_DEADLINE_SECONDS: "4",
    BINDERY_LEASE_RETRY_SECONDS: String(RETRY_S),
    // As the chart sets it: SIGTERM is ours, so the leader releases the Lease before exiting.
    NEXT_MANUAL_SIG_HANDLE: "true",
  });
  let a: Portal;
  let b: Portal;
  let c: Portal | undefined;

  beforeAll(async () => {
    [a, b] = await Promise.all([startPortal(env("replica-a")), startPortal(env("replica-b"))]);
    expect((await admin("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } })).status).toBe(201);
    // A claim nobody can satisfy: it shows up in the unused review as pending.
    const pvc = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "waiting" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: uniq("no-such-class"), resources: { requests: { storage: "1Gi" } } } };
    expect((await admin("POST", `/api/v1/namespaces/${namespace}/persistentvolumeclaims`, pvc)).status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a?.stop("SIGKILL"), b?.stop("SIGKILL"), c?.stop("SIGKILL")]);
    await admin("DELETE", `/api/v1/namespaces/${namespace}`);
    await admin("DELETE", `/apis/coordination.k8s.io/v1/namespaces/${LEASE_NS}/leases/${lease}`);
  });

  it("serve the same data to a session signed in on either of them", async () => {
    const cookie = await signIn(a.url, "john");
    const review = async (p: Portal) => {
      const res = await fetch(`${p.url}/api/unused?format=json&ns=${namespace}&pending=0m`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { findings: unknown[] }).findings;
    };
    // The session cookie from replica a works on replica b: sessions are stateless.
    // Each replica has its own watch cache: they converge once both have seen the same events.
    const [fromA, fromB] = await waitFor("both replicas' reviews to agree", async () => {
      const [ra, rb] = await Promise.all([review(a), review(b)]);
      return ra.length > 0 && JSON.stringify(ra) === JSON.stringify(rb) ? [ra, rb] : undefined;
    });
    expect(fromA).toHaveLength(1);
    expect(fromB).toEqual(fromA);
    expect(JSON.stringify(fromA)).toContain("waiting");
  });

  it("exactly one holds the lease; when it is killed the other takes over within the lease duration", async () => {
    const first = await waitFor("a leader", () => holder(lease), 20_000);
    expect(["replica-a", "replica-b"]).toContain(first);
    // Both agree: one reports leading in its metrics, the other not.
    const leaders = [sample(await scrape(a), "bindery_leader"), sample(await scrape(b), "bindery_leader")];
    expect(leaders.sort()).toEqual([0, 1]);
    const [leader, other] = first === "replica-a" ? [a, b] : [b, a];
    const killedAt = Date.now();
    await leader.stop("SIGKILL"); // no hand-over: the lease must expire
    const next = await waitFor("the other replica to take over", async () => ((await holder(lease)) === (first === "replica-a" ? "replica-b" : "replica-a") ? true : undefined), (LEASE_S + 5) * 1000, 100);
    const handOverMs = Date.now() - killedAt;
    console.log(`[figures] lease hand-over after SIGKILL of the leader: ${handOverMs} ms (lease duration ${LEASE_S} s, retry ${RETRY_S} s)`);
    expect(next).toBe(true);
    expect(handOverMs).toBeLessThanOrEqual((LEASE_S + RETRY_S) * 1000 + 500);
    await waitFor("the new leader's metrics", async () => sample(await scrape(other), "bindery_leader") === 1, 5_000);
    expect(other.output()).toContain('"msg":"became leader"');

    // Graceful: a stopping leader (SIGTERM, as Kubernetes stops pods) hands over at once.
    c = await startPortal(env("replica-c"));
    const termAt = Date.now();
    await other.stop("SIGTERM");
    await waitFor("replica-c to take over", async () => ((await holder(lease)) === "replica-c" ? true : undefined), (LEASE_S + 5) * 1000, 100);
    const gracefulMs = Date.now() - termAt;
    console.log(`[figures] lease hand-over after SIGTERM of the leader: ${gracefulMs} ms`);
    expect(other.output()).toContain('"msg":"lease released"');
    expect(gracefulMs).toBeLessThan(LEASE_S * 1000);
  });
});

describe("readiness follows the apiserver", () => {
  let proxy: CuttableProxy;
  let portal: Portal;
  beforeAll(async () => {
    const target = new URL(apiServer);
    proxy = new CuttableProxy(await freePort(), { host: target.hostname, port: Number(target.port) });
    await proxy.open();
    const dir = mkdtempSync(path.join(os.tmpdir(), "bindery-proxy-"));
    const file = path.join(dir, "kubeconfig.yaml");
    writeFileSync(file, readFileSync(kubeconfig, "utf8").replace(/server: https:\/\/[^\s]+/, `server: https://127.0.0.1:${proxy.port}`));
    portal = await startPortal({ KUBECONFIG: file, BINDERY_LEADER_ELECTION: "off" });
  }, 60_000);
  afterAll(async () => {
    await portal?.stop("SIGKILL");
    await proxy?.close();
  });

  it("is ready, goes unready when the apiserver cannot be reached, and ready again when it can", async () => {
    const status = async () => (await fetch(`${portal.url}/api/readyz`)).status;
    await waitFor("ready", async () => (await status()) === 200, 20_000);
    expect((await fetch(`${portal.url}/api/healthz`)).status).toBe(200);
    const cutAt = Date.now();
    await proxy.close();
    await waitFor("unready after the cut", async () => (await status()) === 503, 20_000);
    const unreadyMs = Date.now() - cutAt;
    expect((await fetch(`${portal.url}/api/healthz`)).status).toBe(200); // alive: no restart for this
    // The apiserver check is remembered for 2 s, so it may trail the watches briefly.
    await waitFor("the apiserver check to fail", async () => {
      const body = (await (await fetch(`${portal.url}/api/readyz`)).json()) as { ready: boolean; apiserver: boolean };
      return !body.ready && !body.apiserver;
    }, 10_000);
    const backAt = Date.now();
    await proxy.open();
    await waitFor("ready after the apiserver is back", async () => (await status()) === 200, 30_000);
    console.log(`[figures] readyz: unready ${unreadyMs} ms after the cut, ready ${Date.now() - backAt} ms after reconnect`);
    const metrics = await scrape(portal);
    expect(metrics).toMatch(/bindery_apiserver_request_errors_total\{reason="(unreachable|timeout)",verb="GET"\} [1-9]/);
    expect(metrics).toMatch(/bindery_watch_restarts_total\{type="pods"\} [1-9]/);
  });
});

describe("metrics", () => {
  let portal: Portal;
  const token = `t-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  beforeAll(async () => {
    portal = await startPortal({ BINDERY_LEADER_ELECTION: "off", BINDERY_METRICS_TOKEN: token });
  }, 60_000);
  afterAll(() => portal?.stop("SIGKILL"));

  it("asks for the scrape token when one is configured", async () => {
    expect((await fetch(`${portal.url}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${portal.url}/api/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(401);
  });

  it("are valid Prometheus text (promtool) and cover requests, streams, watches, caches, apiserver and access checks", async () => {
    const cookie = await signIn(portal.url, "bob");
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${portal.url}/claims`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      await page.text(); // the page streams: it is measured when the last byte is sent
    }
    const stream = new AbortController();
    const sse = await fetch(`${portal.url}/api/stream?topics=persistentvolumeclaims`, { headers: { Cookie: cookie }, signal: stream.signal });
    expect(sse.status).toBe(200);
    const text = await scrape(portal, token);
    stream.abort();
    execFileSync("promtool", ["check", "metrics"], { input: text, stdio: ["pipe", "pipe", "pipe"] });
    expect(text).toMatch(/bindery_http_request_duration_seconds_count\{code="200",method="GET",route="\/claims"\} [2-9]/);
    expect(sample(text, "bindery_sse_connections")).toBe(1);
    expect(text).toMatch(/bindery_watch_relists_total\{type="pods"\} [1-9]/);
    expect(text).toMatch(/bindery_cache_objects\{type="namespaces"\} [1-9]/);
    expect(text).toMatch(/bindery_cache_bytes\{type="namespaces"\} [1-9]/);
    expect(text).toMatch(/bindery_apiserver_request_duration_seconds_count\{code="201",verb="POST"\} [1-9]/);
    expect(text).toMatch(/bindery_access_checks_total\{result="miss"\} [1-9]/);
    expect(text).toMatch(/bindery_access_checks_total\{result="hit"\} [1-9]/);
  });

  it("logs one JSON line per request with request id, route, user and apiserver status", async () => {
    const cookie = await signIn(portal.url, "bob");
    const res = await fetch(`${portal.url}/claims`, { headers: { Cookie: cookie, "X-Request-Id": "test-req-0123456789" } });
    expect(res.headers.get("x-request-id")).toBe("test-req-0123456789");
    await res.text();
    const line = await waitFor("the request's log line", async () =>
      portal
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === "test-req-0123456789" && l.msg === "request"),
    );
    expect(line).toMatchObject({ route: "/claims", user: "bob", status: 200, method: "GET" });
    expect(typeof line.ms).toBe("number");
  });
});

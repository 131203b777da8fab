// Watch-to-DOM latency of the flow page: how long after the portal receives a watch event
// (the SSE change message's `at`) the claim's flow shows the change in a real browser.
//
//   node bench/flow-latency.ts            (portal at BENCH_URL, default http://localhost:3400,
//                                           Bob's signed-in state from e2e/.auth/bob.json)
// Each round creates, as the cluster admin, a ProvisioningFailed event for a waiting claim
// with a new message; the pv-created step must then show that message.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { parse } from "yaml";
import { chromium } from "@playwright/test";

const BASE = process.env.BENCH_URL ?? "http://localhost:3400";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const NS = "team-a";
const root = process.cwd();
const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(root, ".cluster");
const s = Math.random().toString(36).slice(2, 6);
const CLASS = `bench-flow-${s}`;
const CLAIM = `bench-flow-${s}`;

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
}
const kc = parse(
  fs.readFileSync(path.join(clusterDir, "kubeconfig-admin.yaml"), "utf8"),
) as Kubeconfig;
const b64 = (x: string) => Buffer.from(x, "base64");
const agent = new https.Agent({
  ca: b64(kc.clusters[0]!.cluster["certificate-authority-data"]),
  cert: b64(kc.users[0]!.user["client-certificate-data"]),
  key: b64(kc.users[0]!.user["client-key-data"]),
  keepAlive: true,
});

function kube(
  method: string,
  p: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(kc.clusters[0]!.cluster.server + p),
      { method, agent, headers: payload ? { "Content-Type": "application/json" } : {} },
      (res) => {
        let d = "";
        res.on("data", (c) => (d += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: d ? (JSON.parse(d) as Record<string, unknown>) : {},
          }),
        );
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const pct = (xs: number[], p: number) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] ?? NaN;
};

async function main(): Promise<void> {
  await kube("POST", "/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: CLASS },
    provisioner: "kubernetes.io/host-path",
    volumeBindingMode: "WaitForFirstConsumer",
  });
  const pvc = await kube("POST", `/api/v1/namespaces/${NS}/persistentvolumeclaims`, {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: CLAIM, namespace: NS },
    spec: {
      accessModes: ["ReadWriteOnce"],
      storageClassName: CLASS,
      resources: { requests: { storage: "1Gi" } },
    },
  });
  const uid = (pvc.body.metadata as { uid: string }).uid;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const delays: number[] = [];
  const endToEnd: number[] = [];
  const transport: number[] = [];
  let misses = 0;
  try {
    const context = await browser.newContext({
      storageState: path.join(root, "e2e", ".auth", "bob.json"),
    });
    const page = await context.newPage();
    // Record every SSE change message with the browser's receive time.
    await page.addInitScript(() => {
      const w = window as unknown as { __changes: { name: string; at: number; got: number }[] };
      w.__changes = [];
      const note = (m: { name: string; at: number }) =>
        w.__changes.push({ name: m.name, at: m.at, got: Date.now() });
      // The portal shares one stream per browser through a SharedWorker, else an EventSource.
      const OrigShared = window.SharedWorker;
      if (OrigShared) {
        window.SharedWorker = class extends OrigShared {
          constructor(url: string | URL, options?: string | WorkerOptions) {
            super(url, options);
            this.port.addEventListener(
              "message",
              (e: MessageEvent<{ kind: string; data: { name: string; at: number } }>) => {
                if (e.data?.kind === "change") note(e.data.data);
              },
            );
          }
        };
      }
      const Orig = window.EventSource;
      window.EventSource = class extends Orig {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener("change", (e) =>
            note(JSON.parse((e as MessageEvent<string>).data) as { name: string; at: number }),
          );
        }
      };
    });
    // The portal's cache may need a moment to see the new claim.
    for (let i = 0; ; i++) {
      await page.goto(`${BASE}/claims/${NS}/${CLAIM}`);
      const ok = await page
        .getByTestId("flow-step-pv-created")
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (ok) break;
      if (i === 6) throw new Error("the claim page never showed the flow");
    }
    await page.waitForTimeout(1500); // let the stream connect
    for (let i = 0; i < ROUNDS; i++) {
      const marker = `bench marker ${s}-${i}`;
      const name = `${CLAIM}.${i}`;
      // A MutationObserver notes the first moment the step shows the new message.
      const seen = page.evaluate(
        (m) =>
          new Promise<number>((resolve, reject) => {
            const has = () =>
              document
                .querySelector('[data-testid="flow-step-pv-created"]')
                ?.textContent?.includes(m);
            if (has()) return resolve(Date.now());
            const obs = new MutationObserver(() => {
              if (has()) {
                obs.disconnect();
                resolve(Date.now());
              }
            });
            obs.observe(document.body, { subtree: true, childList: true, characterData: true });
            setTimeout(() => reject(new Error(`not shown: ${m}`)), 15_000);
          }),
        marker,
      );
      // Event times have one-second resolution: one event per second keeps "latest" unambiguous.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
      const now = new Date().toISOString();
      const sent = Date.now();
      await kube("POST", `/api/v1/namespaces/${NS}/events`, {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace: NS },
        involvedObject: {
          kind: "PersistentVolumeClaim",
          name: CLAIM,
          namespace: NS,
          uid,
          apiVersion: "v1",
        },
        reason: "ProvisioningFailed",
        message: marker,
        type: "Warning",
        source: { component: "bindery-bench" },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
      const shownAt = await seen.catch(() => undefined);
      if (shownAt === undefined) {
        misses++;
        continue;
      }
      const msg = await page.evaluate(
        (n) =>
          (
            window as unknown as { __changes: { name: string; at: number; got: number }[] }
          ).__changes.find((c) => c.name === n),
        name,
      );
      if (msg) {
        delays.push(shownAt - msg.at);
        transport.push(msg.got - msg.at);
      }
      endToEnd.push(shownAt - sent);
    }
  } finally {
    await browser.close();
    for (let i = 0; i < ROUNDS; i++)
      await kube("DELETE", `/api/v1/namespaces/${NS}/events/${CLAIM}.${i}`);
    await kube("DELETE", `/api/v1/namespaces/${NS}/persistentvolumeclaims/${CLAIM}`);
    await kube("DELETE", `/apis/storage.k8s.io/v1/storageclasses/${CLASS}`);
    agent.destroy();
  }
  const line = (label: string, xs: number[]) =>
    `${label}: n=${xs.length} p50=${pct(xs, 50)} ms p95=${pct(xs, 95)} ms max=${Math.max(...xs)} ms`;
  console.log(line("watch event (SSE at) -> step shown in DOM", delays));
  console.log(line("  of which SSE delivery to the browser    ", transport));
  console.log(line("admin POST sent -> step shown in DOM     ", endToEnd));
  if (misses) console.log(`not shown within 15 s: ${misses} of ${ROUNDS}`);
  if (pct(delays, 95) > 250 || misses) process.exitCode = 1;
}

void main();

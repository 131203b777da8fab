#!/usr/bin/env node
// Fills the local cluster with many volumes, claims, pods and workloads to measure the
// unused-volume review at scale, and removes them again.
//
//   node scripts/seed-scale.mjs                      # 10k PVs, 10k claims, 30k pods, 40 workloads
//   node scripts/seed-scale.mjs --pvs 1000 --claims 1000 --pods 3000
//   node scripts/seed-scale.mjs --cleanup            # delete everything it created
//
// Uses the admin kubeconfig (.cluster/kubeconfig-admin.yaml or $ADMIN_KUBECONFIG). Claims,
// pods and workloads go to one namespace (default scale-test); PVs are cluster-scoped and
// labelled bindery.io/scale-test=true. Pods carry a scheduling gate: they exist (and count
// as mounting their claims) but the scheduler and the simulated kubelets leave them alone,
// which keeps a 2-core machine usable.
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    pvs: { type: "string", default: "10000" },
    claims: { type: "string", default: "10000" },
    pods: { type: "string", default: "30000" },
    workloads: { type: "string", default: "40" },
    namespace: { type: "string", default: "scale-test" },
    concurrency: { type: "string", default: "12" },
    cleanup: { type: "boolean", default: false },
  },
});
const N = { pvs: Number(opt.pvs), claims: Number(opt.claims), pods: Number(opt.pods), workloads: Number(opt.workloads) };
const NS = opt.namespace;
const CONCURRENCY = Math.max(1, Number(opt.concurrency));
const LABEL = "bindery.io/scale-test";

// --- apiserver access ---------------------------------------------------------------

const kcPath = process.env.ADMIN_KUBECONFIG ?? path.join(process.env.BINDERY_CLUSTER_DIR ?? path.join(root, ".cluster"), "kubeconfig-admin.yaml");
const kc = parse(fs.readFileSync(kcPath, "utf8"));
const cluster = kc.clusters[0].cluster;
const user = kc.users[0].user;
const b64 = (s) => (s ? Buffer.from(s, "base64") : undefined);
const agent = new https.Agent({
  keepAlive: true,
  maxSockets: CONCURRENCY,
  ca: b64(cluster["certificate-authority-data"]),
  cert: b64(user["client-certificate-data"]),
  key: b64(user["client-key-data"]),
});

function kube(method, apiPath, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(cluster.server + apiPath),
      {
        method,
        agent,
        headers: {
          Accept: "application/json",
          ...(user.token ? { Authorization: `Bearer ${user.token}` } : {}),
          ...(payload ? { "Content-Type": method === "PATCH" ? "application/merge-patch+json" : "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** One write, retrying throttling and transient failures; 409 on create means "already there". */
async function write(method, apiPath, body) {
  for (let attempt = 0; ; attempt++) {
    const r = await kube(method, apiPath, body).catch((e) => ({ status: 0, text: String(e) }));
    if (r.status < 300 || (method === "POST" && r.status === 409)) return r;
    if ((r.status === 429 || r.status >= 500 || r.status === 0) && attempt < 8) {
      await new Promise((res) => setTimeout(res, 200 * 2 ** attempt));
      continue;
    }
    throw new Error(`${method} ${apiPath}: ${r.status} ${r.text.slice(0, 300)}`);
  }
}

/** Creates (reruns continue where they stopped) and returns the stored object. */
async function create(apiPath, body) {
  const r = await write("POST", apiPath, body);
  if (r.status === 409) return JSON.parse((await write("GET", `${apiPath}/${body.metadata.name}`)).text);
  return JSON.parse(r.text);
}

/**
 * Writes the status the controllers would write. Without this the PV binder (20 writes/s)
 * and the claim-protection controller would work through a backlog of ~20k updates for many
 * minutes, delaying everybody else's binds and deletions on the shared cluster.
 */
function setStatus(apiPath, status) {
  return write("PATCH", `${apiPath}/status`, { status }).catch(() => undefined);
}

async function pool(label, count, make) {
  let next = 0;
  let done = 0;
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = (Date.now() - t0) / 1000;
    process.stdout.write(`\r  ${label}: ${done}/${count} (${Math.round(done / s)}/s)   `);
  }, 1000);
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await make(i);
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  } finally {
    clearInterval(timer);
  }
  const s = (Date.now() - t0) / 1000;
  console.log(`\r  ${label}: ${count} in ${s.toFixed(1)}s (${Math.round(count / Math.max(s, 0.001))}/s)          `);
}

// --- what gets created --------------------------------------------------------------

const bound = Math.min(Math.floor(N.pvs / 2), Math.floor(N.claims / 2)); // pre-bound PV/claim pairs
const released = Math.floor(N.pvs * 0.2); // PVs whose claim is gone
const mounted = Math.floor(bound * 0.8); // bound claims that pods mount
const byWorkload = Math.min(N.workloads, bound - mounted); // bound claims only a workload references
const kept = Math.min(20, Math.max(0, bound - mounted - byWorkload)); // labelled keep
const labels = { [LABEL]: "true" };

const claimUids = new Map();
const DAY = 86_400_000;
const daysAgo = (i) => new Date(Date.now() - (1 + (i % 60)) * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");

const pvBody = (i) => {
  const name = `scale-pv-${i}`;
  let claimRef;
  if (i < bound) claimRef = { kind: "PersistentVolumeClaim", namespace: NS, name: `scale-pvc-${i}`, uid: claimUids.get(i) };
  else if (i < bound + released) claimRef = { namespace: NS, name: `scale-gone-${i}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` };
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, labels },
    spec: {
      capacity: { storage: `${1 + (i % 20)}Gi` },
      accessModes: ["ReadWriteOnce"],
      storageClassName: i % 3 === 0 ? "scale-fast" : "scale-slow",
      persistentVolumeReclaimPolicy: "Retain",
      hostPath: { path: `/tmp/scale-test/${name}` },
      ...(claimRef ? { claimRef } : {}),
    },
  };
};

const claimBody = (i) => {
  const isBound = i < bound;
  const keep = isBound && i >= mounted + byWorkload && i < mounted + byWorkload + kept;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: `scale-pvc-${i}`,
      labels: keep ? { ...labels, "bindery.io/keep": "true" } : labels,
      ...(isBound ? { annotations: { "pv.kubernetes.io/bind-completed": "yes" } } : {}),
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      // Unbound claims ask for a class that does not exist: they stay Pending.
      storageClassName: isBound ? (i % 3 === 0 ? "scale-fast" : "scale-slow") : "scale-missing",
      resources: { requests: { storage: `${1 + (i % 20)}Gi` } },
      ...(isBound ? { volumeName: `scale-pv-${i}` } : {}),
    },
  };
};

const container = [{ name: "app", image: "busybox", command: ["sleep", "infinity"] }];

const podBody = (i) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `scale-pod-${i}`, labels },
  spec: {
    schedulingGates: [{ name: "bindery.io/scale-test" }],
    containers: container,
    volumes: mounted > 0 ? [{ name: "data", persistentVolumeClaim: { claimName: `scale-pvc-${i % mounted}` } }] : [],
  },
});

const workloadBody = (j) => {
  const name = `scale-wl-${j}`;
  const sel = { app: name };
  const template = { metadata: { labels: sel }, spec: { containers: container, volumes: [{ name: "data", persistentVolumeClaim: { claimName: `scale-pvc-${mounted + j}` } }] } };
  if (j % 2 === 0) return ["apps/v1", "deployments", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name, labels }, spec: { replicas: 0, selector: { matchLabels: sel }, template } }];
  return ["batch/v1", "cronjobs", { apiVersion: "batch/v1", kind: "CronJob", metadata: { name, labels }, spec: { schedule: "0 3 * * *", suspend: true, jobTemplate: { spec: { template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } } } } }];
};

async function seed() {
  console.log(`seeding ${N.pvs} PVs, ${N.claims} claims, ${N.pods} pods, ${byWorkload} workloads into ${NS} (concurrency ${CONCURRENCY})`);
  console.log(`  plan: ${bound} bound pairs (${mounted} mounted, ${byWorkload} via workloads, ${kept} kept), ${released} released PVs, ${Math.max(0, N.pvs - bound - released)} available PVs, ${N.claims - bound} pending claims`);
  const t0 = Date.now();
  await write("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, labels } });
  const claims = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
  await pool("claims", N.claims, async (i) => {
    const c = await create(claims, claimBody(i));
    claimUids.set(i, c.metadata.uid);
    // What the claim-protection controller would set: pods mount claims below `mounted`.
    const unused = { type: "Unused", status: i < mounted ? "False" : "True", reason: i < mounted ? "PodUsingPVC" : "NoPodsUsingPVC", lastTransitionTime: daysAgo(i) };
    const size = `${1 + (i % 20)}Gi`;
    const status = i < bound ? { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: size }, conditions: [unused] } : { conditions: [unused] };
    await setStatus(`${claims}/${c.metadata.name}`, status);
  });
  await pool("PVs", N.pvs, async (i) => {
    const pv = await create("/api/v1/persistentvolumes", pvBody(i));
    const phase = i < bound ? "Bound" : i < bound + released ? "Released" : "Available";
    await setStatus(`/api/v1/persistentvolumes/${pv.metadata.name}`, { phase });
  });
  await pool("workloads", byWorkload, (j) => {
    const [gv, plural, body] = workloadBody(j);
    return write("POST", `/apis/${gv}/namespaces/${NS}/${plural}`, body);
  });
  await pool("pods", N.pods, (i) => write("POST", `/api/v1/namespaces/${NS}/pods`, podBody(i)));
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s; the PV controller keeps binding in the background for a while`);
  // Its resync matches every pending claim against every PV: at the dev period (2 s) that takes over a core.
  console.log("benchmarks: run them on a cluster started with BINDERY_PV_SYNC_PERIOD=15s (Kubernetes' default; cluster/README.md)");
}

/** Names of the labelled objects under a collection path, read page by page. */
async function names(apiPath, sel) {
  const out = [];
  let cont = "";
  do {
    const r = await write("GET", `${apiPath}?labelSelector=${sel}&limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
    const page = JSON.parse(r.text);
    for (const i of page.items ?? []) out.push(i.metadata.name);
    cont = page.metadata?.continue ?? "";
  } while (cont);
  return out;
}

async function cleanup() {
  console.log(`removing scale-test objects (namespace ${NS}, PVs labelled ${LABEL}=true)`);
  const sel = encodeURIComponent(`${LABEL}=true`);
  const t0 = Date.now();
  // One DELETE per object with bounded concurrency: a single deletecollection of 30k pods
  // keeps the apiserver busy past its request timeout and starves everybody else.
  const del = (p) => write("DELETE", p).catch((e) => (String(e).includes(": 404") ? undefined : Promise.reject(e)));
  for (const p of [`/api/v1/namespaces/${NS}/pods`, `/apis/apps/v1/namespaces/${NS}/deployments`, `/apis/batch/v1/namespaces/${NS}/cronjobs`, `/api/v1/namespaces/${NS}/persistentvolumeclaims`, "/api/v1/persistentvolumes"]) {
    const list = await names(p, sel).catch(() => []);
    await pool(`delete ${p.split("/").pop()}`, list.length, (i) => del(`${p}/${list[i]}`));
  }
  await kube("DELETE", `/api/v1/namespaces/${NS}`);
  // Protection finalizers go once nothing uses the objects; wait so a new seed starts clean.
  for (;;) {
    const left = (await names("/api/v1/persistentvolumes", sel)).length;
    const ns = await kube("GET", `/api/v1/namespaces/${NS}`);
    if (left === 0 && ns.status === 404) break;
    process.stdout.write(`\r  waiting: ${left} PVs left, namespace ${ns.status === 404 ? "gone" : "terminating"}   `);
    await new Promise((res) => setTimeout(res, 3000));
  }
  console.log(`\ncleaned up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

try {
  await (opt.cleanup ? cleanup() : seed());
} finally {
  agent.destroy();
}

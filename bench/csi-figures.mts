// Figures of the local cluster's CSI stack (issue 9), against the running cluster:
//   node bench/csi-figures.mts                 (BINDERY_CLUSTER_DIR, default ./.cluster)
//   BENCH_ROUNDS=5  BENCH_RESTART=1 (also times `cluster.sh down` + warm `up`)
// Prints claim -> Bound and pod -> Running with a CSI volume (WaitForFirstConsumer, so the
// claim binds once the pod is scheduled), snapshot -> readyToUse of a 10 MiB volume, and the
// idle RSS/PSS of the processes the CSI stack added.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { parse } from "yaml";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const NS = "team-a";
const DRIVER = "local.csi.bindery.io";
const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(process.cwd(), ".cluster");
const s = Math.random().toString(36).slice(2, 6);
const SC = `bench-csi-${s}`;
const VSC = `bench-csi-${s}`;

interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
}
const kc = parse(fs.readFileSync(path.join(clusterDir, "kubeconfig-admin.yaml"), "utf8")) as Kubeconfig;
const b64 = (x: string) => Buffer.from(x, "base64");
const agent = new https.Agent({
  ca: b64(kc.clusters[0]!.cluster["certificate-authority-data"]),
  cert: b64(kc.users[0]!.user["client-certificate-data"]),
  key: b64(kc.users[0]!.user["client-key-data"]),
  keepAlive: true,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;
function kube(method: string, p: string, body?: unknown): Promise<{ status: number; body: Obj }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(kc.clusters[0]!.cluster.server + p),
      { method, agent, headers: payload ? { "Content-Type": "application/json" } : {} },
      (res) => {
        let d = "";
        res.on("data", (c) => (d += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: d ? JSON.parse(d) : undefined }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (await fn()) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out: ${what}`);
}

const pvcs = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
const pods = `/api/v1/namespaces/${NS}/pods`;
const snaps = `/apis/snapshot.storage.k8s.io/v1/namespaces/${NS}/volumesnapshots`;
const claim = (name: string) => ({
  apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name },
  spec: { storageClassName: SC, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
});
const pod = (name: string, claimName: string) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name },
  spec: { containers: [{ name: "app", image: "busybox" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName } }] },
});

function stats(xs: number[]): string {
  const v = [...xs].sort((a, b) => a - b);
  const f = (n: number) => `${(n / 1000).toFixed(2)} s`;
  return `median ${f(v[Math.floor(v.length / 2)]!)}, min ${f(v[0]!)}, max ${f(v[v.length - 1]!)} (${v.length} runs)`;
}

function memory(): void {
  const names = fs.readdirSync(path.join(clusterDir, "run")).map((f) => f.replace(/\.pid$/, ""))
    .filter((n) => n.startsWith("csi-") || n === "snapshot-controller");
  let rss = 0;
  let pss = 0;
  for (const n of names.sort()) {
    const pid = fs.readFileSync(path.join(clusterDir, "run", `${n}.pid`), "utf8").trim();
    const kb = (file: string, key: string) => Number(fs.readFileSync(`/proc/${pid}/${file}`, "utf8").match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
    const r = kb("status", "VmRSS") / 1024;
    const p = kb("smaps_rollup", "Pss") / 1024;
    rss += r;
    pss += p;
    console.log(`  ${n.padEnd(26)} RSS ${r.toFixed(0).padStart(4)} MiB  PSS ${p.toFixed(0).padStart(4)} MiB`);
  }
  console.log(`  ${"total".padEnd(26)} RSS ${rss.toFixed(0).padStart(4)} MiB  PSS ${pss.toFixed(0).padStart(4)} MiB`);
}

async function main() {
  console.log("idle memory of the CSI processes (before the runs):");
  memory();
  await kube("POST", "/apis/storage.k8s.io/v1/storageclasses", {
    apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: SC }, provisioner: DRIVER,
    reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true,
  });
  await kube("POST", "/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses", {
    apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: VSC }, driver: DRIVER, deletionPolicy: "Delete",
  });
  // The scheduler needs the provisioner's capacity objects for a new class first.
  await until("CSIStorageCapacity for the class", async () => {
    const r = await kube("GET", "/apis/storage.k8s.io/v1/namespaces/kube-system/csistoragecapacities");
    return r.body.items.filter((c: Obj) => c.storageClassName === SC).length > 0;
  });
  const bound: number[] = [];
  const running: number[] = [];
  const ready: number[] = [];
  const made: string[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const name = `bench-csi-${s}-${i}`;
      made.push(name);
      const t0 = performance.now();
      await kube("POST", pvcs, claim(name));
      await kube("POST", pods, pod(name, name));
      let boundAt = 0;
      let p: Obj;
      await until("pod Running", async () => {
        if (!boundAt && (await kube("GET", `${pvcs}/${name}`)).body.status?.phase === "Bound") boundAt = performance.now();
        p = (await kube("GET", `${pods}/${name}`)).body;
        return p.status?.phase === "Running";
      });
      running.push(performance.now() - t0);
      await until("claim Bound", async () => boundAt > 0 || (await kube("GET", `${pvcs}/${name}`)).body.status?.phase === "Bound");
      bound.push((boundAt || performance.now()) - t0);

      const pv = (await kube("GET", `${pvcs}/${name}`)).body.spec.volumeName;
      const dir = path.join(clusterDir, "nodes", p.spec.nodeName, "pods", p.metadata.uid, "volumes", "kubernetes.io~csi", pv, "mount");
      fs.writeFileSync(path.join(dir, "ten.bin"), randomBytes(10 << 20));
      const t1 = performance.now();
      await kube("POST", snaps, {
        apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name },
        spec: { volumeSnapshotClassName: VSC, source: { persistentVolumeClaimName: name } },
      });
      await until("snapshot readyToUse", async () => (await kube("GET", `${snaps}/${name}`)).body.status?.readyToUse === true);
      ready.push(performance.now() - t1);
    }
  } finally {
    for (const n of made) {
      await kube("DELETE", `${snaps}/${n}`);
      await kube("DELETE", `${pods}/${n}`);
      await kube("DELETE", `${pvcs}/${n}`);
    }
    await until("claims gone", async () => {
      const r = await kube("GET", pvcs);
      return !r.body.items.some((c: Obj) => made.includes(c.metadata.name));
    }).catch(() => 0);
    await kube("DELETE", `/apis/snapshot.storage.k8s.io/v1/volumesnapshotclasses/${VSC}`);
    await kube("DELETE", `/apis/storage.k8s.io/v1/storageclasses/${SC}`);
  }
  console.log(`claim created -> Bound (WaitForFirstConsumer, pod created with it): ${stats(bound)}`);
  console.log(`pod created -> Running with the CSI volume attached and published: ${stats(running)}`);
  console.log(`snapshot of a 10 MiB volume -> readyToUse: ${stats(ready)}`);
  if (process.env.BENCH_RESTART === "1") {
    const sh = (cmd: string) => execFileSync("bash", ["cluster/cluster.sh", cmd], { stdio: "pipe", env: process.env });
    sh("build"); // so that only the start is timed, not a rebuild of changed sources
    sh("down");
    const t = performance.now();
    sh("up");
    console.log(`warm cluster:up (down, then up; binaries built): ${((performance.now() - t) / 1000).toFixed(1)} s`);
    console.log("idle memory of the CSI processes (after the restart):");
    await new Promise((r) => setTimeout(r, 20_000));
    memory();
  }
}

await main();

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageSource, claimUsageFor, usageForClaims } from "@/lib/k8s/usage";
import { collectPrometheus } from "@/lib/k8s/usage-prometheus";
import { usageConfig } from "@/lib/usage/config";
import type { ClaimUsage, VolumeUsage } from "@/lib/usage/types";
import { bob, claimManifest, clusterDir, del, get, podManifest, post, uniq, waitFor } from "./support";

// Issue 14: both usage sources against the real cluster. A file of known size written into a
// mounted CSI volume (its directory on this machine) must move the figure by that size once the
// node measured it (every 2-3 s, in the background like a kubelet) and the source refreshed: the
// kubelet Summary API through the node proxy, and a real Prometheus
// (scripts/prometheus.sh) scraping the nodes' kubelet_volume_stats_* series.

const DRIVER = "local.csi.bindery.io";
const NS = "team-a";
const MiB = 1 << 20;
const SLACK = 64 * 1024; // filesystem blocks and directory entries, not a guess
const pvcs = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
const pods = `/api/v1/namespaces/${NS}/pods`;
const required = process.env.BINDERY_REQUIRE_CSI === "1";
const present = await get(`/apis/storage.k8s.io/v1/csidrivers/${DRIVER}`).then(() => true, () => false);

interface Pod { metadata: { uid: string }; spec: { nodeName?: string }; status?: { phase?: string } }
interface Pvc { spec: { volumeName?: string } }

const sc = uniq("usage-int");
const mounted = uniq("usage-mounted");
const idle = uniq("usage-idle");
const podName = uniq("usage-pod");
const ephPod = uniq("usage-eph");
const ephClaim = `${ephPod}-scratch`; // the ephemeral-volume controller names it <pod>-<volume>
let dir = "";

const known = (u: ClaimUsage): VolumeUsage => {
  if (!u.known) throw new Error(`usage unknown: ${u.reason}`);
  return u.usage;
};

/** The claim's figure in the first snapshot whose collection started after `since`. */
/**
 * The claim's figure once it grew by `bytes` over `before`. Nodes measure in the background like
 * kubelets (every 2-3 s locally), so the file shows within a node period plus one refresh; waiting
 * for the whole size, not any change, skips a measurement taken while the file was being written.
 */
async function grownBy(src: UsageSource, before: VolumeUsage, bytes: number): Promise<VolumeUsage> {
  return waitFor("the written file in the figure", async () => {
    await src.refresh();
    const u = known(await claimUsageFor(NS, mounted, src));
    return u.usedBytes - before.usedBytes >= bytes && u;
  }, 15_000, 500);
}

describe.runIf(required || present)("volume usage sources (issue 14)", () => {
  beforeAll(async () => {
    await post("/apis/storage.k8s.io/v1/storageclasses", {
      apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: sc },
      provisioner: DRIVER, reclaimPolicy: "Delete", volumeBindingMode: "WaitForFirstConsumer",
    });
    await post(pvcs, claimManifest(mounted, sc, "1Gi"), bob);
    await post(pvcs, claimManifest(idle, sc, "1Gi"), bob);
    await post(pods, podManifest(podName, mounted), bob);
    const eph = {
      apiVersion: "v1", kind: "Pod", metadata: { name: ephPod },
      spec: {
        containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"], volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] }],
        volumes: [{ name: "scratch", ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], storageClassName: sc, resources: { requests: { storage: "1Gi" } } } } } }],
      },
    };
    await post(pods, eph, bob);
    const pod = await waitFor("pod Running", async () => {
      const p = await get<Pod>(`${pods}/${podName}`);
      return p.status?.phase === "Running" && p;
    }, 60_000);
    const pvc = await get<Pvc>(`${pvcs}/${mounted}`);
    dir = path.join(clusterDir, "nodes", pod.spec.nodeName!, "pods", pod.metadata.uid, "volumes", "kubernetes.io~csi", pvc.spec.volumeName!, "mount");
  }, 90_000);

  afterAll(async () => {
    await del(`${pods}/${ephPod}`, bob);
    await del(`${pods}/${podName}`, bob);
    await del(`${pvcs}/${mounted}`, bob);
    await del(`${pvcs}/${idle}`, bob);
    await waitFor("test claims gone", async () => {
      const list = await get<{ items: { metadata: { name: string } }[] }>(pvcs);
      return !list.items.some((c) => c.metadata.name === mounted || c.metadata.name === idle);
    }, 60_000).catch(() => undefined);
    await del(`/apis/storage.k8s.io/v1/storageclasses/${sc}`);
  }, 90_000);

  describe("kubelet Summary API through the node proxy", () => {
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_SOURCE: "summary", BINDERY_USAGE_REFRESH_SECONDS: "1" }));

    it("reports the mounted claim, and moves by a written file's size once the node measured it", async () => {
      const before = await waitFor("the mounted claim measured", async () => {
        await src.refresh();
        const u = await claimUsageFor(NS, mounted, src);
        return u.known && u.usage;
      }, 20_000);
      expect(before.capacityBytes).toBeGreaterThan(0);
      expect(before.availableBytes).toBeGreaterThan(0);
      expect(before.inodes).toBeGreaterThan(0);
      expect(before.maxUsedBytes).toBeUndefined(); // current value only: no history from the kubelet
      writeFileSync(path.join(dir, "seven.bin"), randomBytes(7 * MiB));
      const after = await grownBy(src, before, 7 * MiB);
      expect(after.usedBytes - before.usedBytes).toBeGreaterThanOrEqual(7 * MiB);
      expect(after.usedBytes - before.usedBytes).toBeLessThan(7 * MiB + SLACK);
      expect(after.inodesUsed).toBe((before.inodesUsed ?? 0) + 1);
    });

    it("says an unmounted claim is not mounted, never 0 %", async () => {
      const all = await usageForClaims([{ namespace: NS, name: idle }, { namespace: NS, name: mounted }], src);
      expect(all.get(`${NS}/${idle}`)).toEqual({ known: false, reason: "not-mounted" });
      expect(all.get(`${NS}/${mounted}`)?.known).toBe(true);
    });

    it("measures a generic ephemeral volume under its claim's name", async () => {
      await waitFor("ephemeral pod Running", async () => (await get<Pod>(`${pods}/${ephPod}`)).status?.phase === "Running", 60_000);
      await src.refresh();
      const u = known(await claimUsageFor(NS, ephClaim, src));
      expect(u.capacityBytes).toBeGreaterThan(0);
    });

    it("reports its status: one request per node, no errors", () => {
      const st = src.status();
      expect(st).toMatchObject({ kind: "summary", unreachable: false, errors: [] });
      expect(st.nodes).toBeGreaterThanOrEqual(2);
      expect(st.collectedAt).toBeGreaterThan(0);
      expect(st.claims).toBeGreaterThanOrEqual(1);
    });
  });

  describe("Prometheus scraping the nodes' kubelet_volume_stats_*", () => {
    // test.sh starts it; a focused run starts it here (idempotent).
    const url = process.env.BINDERY_TEST_PROMETHEUS_URL || execFileSync("bash", ["scripts/prometheus.sh", "start"], { encoding: "utf8" }).trim();
    const src = new UsageSource(usageConfig({ PROMETHEUS_URL: url, BINDERY_USAGE_REFRESH_SECONDS: "1", BINDERY_USAGE_WINDOW_DAYS: "1" }));

    it("reports the mounted claim, and moves by a written file's size once scraped", async () => {
      // The kubelet's own figure now; Prometheus must have scraped it before the write, so the
      // move we measure is the file's and not an earlier write's.
      const summary = new UsageSource(usageConfig({ BINDERY_USAGE_SOURCE: "summary" }));
      const now = known(await claimUsageFor(NS, mounted, summary)).usedBytes;
      const before = await waitFor("the mounted claim scraped", async () => {
        await src.refresh();
        const u = await claimUsageFor(NS, mounted, src);
        return u.known && u.usage.usedBytes === now && u.usage;
      }, 30_000, 500);
      expect(before.capacityBytes).toBeGreaterThan(0);
      expect(before.maxUsedBytes).toBeGreaterThanOrEqual(before.usedBytes);
      expect(before.windowMs).toBeGreaterThan(0);
      expect(before.windowMs).toBeLessThanOrEqual(86_400_000);
      writeFileSync(path.join(dir, "three.bin"), randomBytes(3 * MiB));
      // The node measures every 2-3 s, Prometheus scrapes every 2 s, we refresh every 1 s.
      const after = await grownBy(src, before, 3 * MiB);
      expect(after.usedBytes - before.usedBytes).toBeGreaterThanOrEqual(3 * MiB);
      expect(after.usedBytes - before.usedBytes).toBeLessThan(3 * MiB + SLACK);
      expect(after.inodesUsed).toBe((before.inodesUsed ?? 0) + 1);
    });

    it("keeps the window's maximum after the data is removed", async () => {
      const peak = known(await claimUsageFor(NS, mounted, src)).usedBytes;
      rmSync(path.join(dir, "three.bin"));
      const after = await waitFor("the removal in Prometheus' figure", async () => {
        await src.refresh();
        const u = known(await claimUsageFor(NS, mounted, src));
        return u.usedBytes < peak && u;
      }, 15_000, 500);
      expect(peak - after.usedBytes).toBeGreaterThanOrEqual(3 * MiB);
      expect(after.maxUsedBytes).toBeGreaterThanOrEqual(peak);
    });

    it("asks for the window's aggregates once per window refresh and carries them forward in between", async () => {
      const key = `${NS}/${mounted}`;
      const twoDays = 2 * 86_400_000; // another window than `src`: the first collection must read it
      const first = await collectPrometheus(url, twoDays, 60_000);
      const second = await collectPrometheus(url, twoDays, 60_000);
      expect(first).toMatchObject({ windowRead: true, errors: [] });
      expect(second).toMatchObject({ windowRead: false, errors: [] });
      const a = first.byClaim.get(key);
      const b = second.byClaim.get(key);
      expect(a?.maxUsedBytes).toBeGreaterThanOrEqual(a?.usedBytes ?? Infinity);
      expect(b?.maxUsedBytes).toBe(Math.max(a?.maxUsedBytes ?? 0, b?.usedBytes ?? 0));
      // The covered window keeps growing from the same first sample.
      expect(b?.windowMs).toBeGreaterThanOrEqual(a?.windowMs ?? Infinity);
      expect((await collectPrometheus(url, twoDays, 0)).windowRead).toBe(true);
    });

    it("says an unmounted claim is not mounted", async () => {
      expect(await claimUsageFor(NS, idle, src)).toEqual({ known: false, reason: "not-mounted" });
    });

    it("says no source, with the error, when Prometheus cannot be reached", async () => {
      const port = await new Promise<number>((resolve) => {
        const srv = createServer().listen(0, "127.0.0.1", () => {
          const p = (srv.address() as AddressInfo).port;
          srv.close(() => resolve(p)); // nothing listens there any more
        });
      });
      const down = new UsageSource(usageConfig({ PROMETHEUS_URL: `http://127.0.0.1:${port}` }));
      await down.refresh();
      expect(await claimUsageFor(NS, mounted, down)).toEqual({ known: false, reason: "no-source" });
      expect(down.status()).toMatchObject({ kind: "prometheus", unreachable: true });
      expect(down.status().errors.join(" ")).toMatch(/ECONNREFUSED/);
    });
  });
});

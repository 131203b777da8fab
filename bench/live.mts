// Live updates at scale: starts a real portal (`next start`, build from NEXT_DIST_DIR or .next)
// against the local cluster, opens N SSE streams at once (as after a portal restart) as one
// person or as U distinct people, makes 100 changes in team-a and prints the figures of issue 16,
// ending with one line:
//   live: streams=<n> ready-p95=<ms>ms delivery-p95=<ms>ms sar-per-stream=<x> rss-per-stream=<KiB>KiB rss=<MiB>MiB
// Usage: npm run bench:live -- --streams 200 [--users 200] [--port 3420] [--rss-wait 120]
// Delivery is measured from the portal's own receive time of the watch event (`at` in each
// notice, server clock) to its arrival at this client (same machine, same clock).
import jwt from "next-auth/jwt";
import { kube, kubeDelete } from "../e2e/support/kube.ts";
import { openStream, portalStats, runBench, signIn, sleep, startPortal, waitUntil, type LiveClient, type Portal } from "./live-portal.mts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const STREAMS = arg("streams", 200);
const USERS = arg("users", 1);
const PORT = arg("port", 3420);
const CHANGES = arg("changes", 100);
const RSS_WAIT_S = arg("rss-wait", 120);
const IDLE_S = arg("idle", 35);

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! : NaN;
};
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mib = (b: number) => b / 2 ** 20;
const checksOf = (s: Awaited<ReturnType<typeof portalStats>>) => s.access.subjectAccessReviews + s.access.rulesReviews;

/** Session cookies for U synthetic developers in team-a, minted with the portal's own secret. */
async function sessions(portal: Portal): Promise<string[]> {
  if (USERS <= 1) return [await signIn(portal.base, "bob")];
  const out: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const name = `bench-dev-${i}`;
    const token = await jwt.encode({ token: { name, sub: name, groups: ["bindery:developers", "bindery:team-a"], sid: `bench-${i}`, signedInAt: Date.now(), provider: "demo" }, secret: portal.secret, maxAge: 3600 });
    out.push(`next-auth.session-token=${token}`);
  }
  return out;
}

async function main() {
  const portal = await startPortal(PORT, {
    BINDERY_LIVE_MAX_PER_PERSON: String(Math.max(20, Math.ceil(STREAMS / USERS) + 5)),
    BINDERY_LIVE_MAX_STREAMS: String(Math.max(2000, STREAMS + 100)),
    // Lets the stats endpoint collect garbage before a memory reading (less noise, same process).
    NODE_OPTIONS: "--expose-gc",
  });
  let streams: LiveClient[] = [];
  const claims = "/api/v1/namespaces/team-a/persistentvolumeclaims";
  const prefix = `bench-live-${Math.random().toString(36).slice(2, 7)}`;
  try {
    // Warm the process up (routes loaded, watches synced) as someone not measured below.
    const warm = await openStream(portal.base, await signIn(portal.base, "john"));
    await waitUntil("warm-up stream ready", () => warm.readyAt !== undefined, 60_000);
    warm.close();
    await sleep(3000);
    const cookies = await sessions(portal);
    const base = await portalStats(portal, true);
    console.log(`portal RSS baseline (warm, no streams): ${mib(base.memory.rss).toFixed(0)} MiB`);

    // All streams at once, as when every open browser reconnects after a portal restart.
    streams = await Promise.all(Array.from({ length: STREAMS }, (_, i) => openStream(portal.base, cookies[i % cookies.length]!)));
    const refused = streams.filter((s) => s.status !== 200);
    if (refused.length) throw new Error(`${refused.length} streams refused: ${refused[0]!.status} ${refused[0]!.refusal}`);
    await waitUntil("every stream ready", () => streams.every((s) => s.readyAt !== undefined), 120_000);
    const ready = streams.map((s) => s.readyAt! - s.openedAt);
    const opened = await portalStats(portal);
    const checks = checksOf(opened) - checksOf(base);
    console.log(`ready after opening: p50 ${p50(ready).toFixed(0)} ms, p95 ${p95(ready).toFixed(0)} ms, max ${Math.max(...ready).toFixed(0)} ms`);
    console.log(`apiserver access checks for ${STREAMS} streams of ${USERS} ${USERS === 1 ? "person" : "people"}: ${checks} (${opened.access.rulesReviews - base.access.rulesReviews} rules reviews, ${opened.access.subjectAccessReviews - base.access.subjectAccessReviews} access reviews); scope computations ${opened.scopes.computations - base.scopes.computations}`);

    await sleep(3000);
    const idle = await portalStats(portal, true);
    const perStreamKiB = (idle.memory.rss - base.memory.rss) / 1024 / STREAMS;
    const heapPerStreamKiB = (idle.memory.heapUsed - base.memory.heapUsed) / 1024 / STREAMS;
    // Both readings follow the portal's memory-reducing collection (stats ?gc=1), as an idle portal would be.
    console.log(`portal RSS with ${STREAMS} idle streams: ${mib(idle.memory.rss).toFixed(0)} MiB (${perStreamKiB.toFixed(1)} KiB per stream; V8 heap ${heapPerStreamKiB.toFixed(1)} KiB per stream)`);

    // Access checks while idle: scope refreshes only (per person, in the background), no storm.
    const idleStart = checksOf(idle);
    await sleep(IDLE_S * 1000);
    const afterIdle = await portalStats(portal);
    console.log(`access checks during ${IDLE_S} s idle with streams open: ${checksOf(afterIdle) - idleStart} (scope refreshes ${afterIdle.scopes.refreshes - idle.scopes.refreshes})`);

    // 100 changes: claims created and deleted one after the other (each also yields events).
    for (let i = 0; i < CHANGES / 2; i++) {
      const name = `${prefix}-${i}`;
      await kube("POST", claims, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "bench-no-such-class", resources: { requests: { storage: "1Gi" } } } });
      await kube("DELETE", `${claims}/${name}`);
    }
    const last = `${prefix}-${CHANGES / 2 - 1}`;
    await waitUntil("every stream saw the last deletion", () => streams.every((s) => s.changes.some((c) => c.name === last && c.type === "DELETED")), 60_000);
    await sleep(1000);
    const delivery = streams.flatMap((s) => s.changes.filter((c) => c.name.startsWith(prefix)).map((c) => c.receivedAt - c.at));
    const perStream = delivery.length / STREAMS;
    console.log(`delivery (portal receive -> client): ${delivery.length} notices (${perStream.toFixed(0)} per stream), p50 ${p50(delivery).toFixed(1)} ms, p95 ${p95(delivery).toFixed(1)} ms, max ${Math.max(...delivery).toFixed(1)} ms`);
    const busy = await portalStats(portal);
    const watchesDuring = Object.entries(busy.watches).filter(([k, w]) => w.watchesOpened !== base.watches[k]?.watchesOpened);
    console.log(`watch requests opened during the run: ${watchesDuring.length ? watchesDuring.map(([k]) => k).join(", ") : "none (one watch per type throughout)"}`);
    console.log(`slow-reader skips ${busy.streams.skipped}, resyncs ${busy.streams.resyncs}, dropped ${busy.streams.droppedSlow}`);

    for (const s of streams) s.close();
    const rssOpen = busy.memory.rss;
    if (RSS_WAIT_S > 0) {
      await waitUntil("streams closed", async () => (await portalStats(portal)).streams.connections === 0);
      await sleep(RSS_WAIT_S * 1000);
      const plain = await portalStats(portal);
      const after = await portalStats(portal, true);
      const back = mib(after.memory.rss - base.memory.rss);
      console.log(`portal RSS ${RSS_WAIT_S} s after the streams closed: ${mib(plain.memory.rss).toFixed(0)} MiB as found, ${mib(after.memory.rss).toFixed(0)} MiB after a GC (${back >= 0 ? "+" : ""}${back.toFixed(0)} MiB vs baseline; target within 50)`);
    }
    console.log(
      `live: streams=${STREAMS} ready-p95=${p95(ready).toFixed(0)}ms delivery-p95=${p95(delivery).toFixed(0)}ms sar-per-stream=${(checks / STREAMS).toFixed(2)} rss-per-stream=${perStreamKiB.toFixed(0)}KiB rss=${mib(rssOpen).toFixed(0)}MiB`,
    );
  } finally {
    for (const s of streams) s.close();
    await Promise.all(Array.from({ length: CHANGES / 2 }, (_, i) => kubeDelete(`${claims}/${prefix}-${i}`).catch(() => {})));
    await portal.stop();
  }
}

runBench(main);

import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniq } from "./support";
import { kube, kubeCreate, kubeDelete } from "@/e2e/support/kube";
import { openStream, portalStats, signIn, sleep, startPortal, waitUntil, type LiveClient, type Portal } from "@/bench/live-portal.mts";

// A real portal process (`next start` from the build in NEXT_DIST_DIR) against the real local
// cluster: the live stream's caps, topic de-duplication, backpressure and access-check cost.

const PORT = Number(process.env.LIVE_TEST_PORT ?? 3410);
const PER_PERSON = 40;
let portal: Portal;
const open: LiveClient[] = [];

beforeAll(async () => {
  portal = await startPortal(PORT, { BINDERY_LIVE_MAX_PER_PERSON: String(PER_PERSON) });
}, 120_000);

afterAll(async () => {
  for (const c of open) c.close();
  await portal?.stop();
});

async function stream(cookie: string, query = ""): Promise<LiveClient> {
  const c = await openStream(portal.base, cookie, query);
  open.push(c);
  return c;
}

const pvc = (name: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], storageClassName: "bindery-test-no-such-class", resources: { requests: { storage: "1Gi" } } },
});
const claims = "/api/v1/namespaces/team-a/persistentvolumeclaims";

describe("live stream (real portal, real cluster)", () => {
  it("streams of one person opened together share one scope: <= 1 access check per stream", async () => {
    const cookie = await signIn(portal.base, "alice");
    const before = await portalStats(portal);
    const streams = await Promise.all(Array.from({ length: PER_PERSON }, () => stream(cookie)));
    await waitUntil("every stream ready", () => streams.every((s) => s.readyAt !== undefined));
    const after = await portalStats(portal);
    const checks = after.access.subjectAccessReviews - before.access.subjectAccessReviews + (after.access.rulesReviews - before.access.rulesReviews);
    console.log(`${PER_PERSON} streams of one person: ${checks} apiserver access checks`);
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect(checks).toBeGreaterThan(0);
    expect(checks / PER_PERSON).toBeLessThanOrEqual(1);
    expect(after.scopes.computations - before.scopes.computations).toBe(1);
    for (const s of streams) s.close();
    await waitUntil("streams closed", async () => (await portalStats(portal)).streams.perPerson.alice === undefined);
  });

  it("refuses the N+1st stream of a person with a clear message, and frees the slot on close", async () => {
    const bob = await signIn(portal.base, "bob");
    const mine = await Promise.all(Array.from({ length: PER_PERSON }, () => stream(bob)));
    expect(mine.map((s) => s.status)).toEqual(Array(PER_PERSON).fill(200));
    const extra = await stream(bob);
    expect(extra.status).toBe(429);
    await waitUntil("refusal body", () => extra.ended);
    expect(extra.refusal).toMatch(new RegExp(`limit is ${PER_PERSON}.*Close portal tabs`));
    // Another person is not affected by bob's streams.
    const john = await stream(await signIn(portal.base, "john"));
    expect(john.status).toBe(200);
    john.close();
    mine[0]!.close();
    await waitUntil("slot freed", async () => (await portalStats(portal)).streams.perPerson.bob === PER_PERSON - 1);
    const again = await stream(bob);
    expect(again.status).toBe(200);
    for (const s of [...mine, again]) s.close();
    await waitUntil("bob's streams closed", async () => (await portalStats(portal)).streams.perPerson.bob === undefined);
  });

  it("collapses duplicated topics: one subscription, each change delivered once", async () => {
    const bob = await signIn(portal.base, "bob");
    const before = await portalStats(portal);
    const s = await stream(bob, "?topics=persistentvolumeclaims,persistentvolumeclaims,persistentvolumeclaims,nonsense");
    await waitUntil("ready", () => s.readyAt !== undefined);
    const during = await portalStats(portal);
    expect((during.streams.topics.persistentvolumeclaims ?? 0) - (before.streams.topics.persistentvolumeclaims ?? 0)).toBe(1);
    expect(during.streams.topics.nonsense).toBeUndefined();
    const name = uniq("live-dup");
    await kubeCreate(claims, pvc(name));
    try {
      await waitUntil("the change", () => s.changes.some((c) => c.name === name));
      await sleep(1500);
      expect(s.changes.filter((c) => c.name === name && c.type === "ADDED")).toHaveLength(1);
      expect(s.changes.every((c) => c.topic === "persistentvolumeclaims")).toBe(true);
    } finally {
      await kubeDelete(`${claims}/${name}`);
      s.close();
    }
  });

  it("a paused reader does not grow server memory beyond a bound; it is skipped, not queued", { timeout: 180_000 }, async () => {
    const bob = await signIn(portal.base, "bob");
    // A reader with a tiny receive buffer that stops reading after the response headers.
    const script = [
      "import socket, sys, time",
      "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)",
      // A small MSS keeps the kernel's send buffer for this socket small too (loopback's is huge).
      "s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)",
      "s.connect(('127.0.0.1', int(sys.argv[1])))",
      "s.sendall(('GET /api/stream?topics=persistentvolumeclaims,events HTTP/1.1\\r\\nHost: localhost\\r\\nCookie: ' + sys.argv[2] + '\\r\\nAccept: text/event-stream\\r\\n\\r\\n').encode())",
      "print(s.recv(64).split(b'\\r\\n')[0].decode(), flush=True)",
      "time.sleep(600)",
    ].join("\n");
    const paused = spawn("python3", ["-c", script, String(PORT), bob], { stdio: ["ignore", "pipe", "inherit"] });
    const names: string[] = [];
    try {
      const first = await new Promise<string>((r) => paused.stdout.once("data", (d) => r(String(d))));
      expect(first).toMatch(/200/);
      // A normal reader alongside must keep getting every change.
      const normal = await stream(bob, "?topics=persistentvolumeclaims");
      await waitUntil("ready", () => normal.readyAt !== undefined);
      const base = await portalStats(portal);
      // Real churn within team-a's quota: one claim with a long name, changed 2000 times (~300
      // bytes per notice: ~600 KB, well past the kernel's buffers for a reader that does not read).
      const name = `${uniq("paused")}-${"x".repeat(180)}`;
      names.push(name);
      await kubeCreate(claims, pvc(name));
      const patch = (i: number) => kube("PATCH", `${claims}/${name}`, { metadata: { annotations: { "bindery-test/churn": String(i) } } }, "application/merge-patch+json");
      for (let i = 0; i < 2000; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => patch(i + j)));
      await waitUntil("the normal reader saw every change", () => normal.changes.filter((c) => c.name === name && c.type === "MODIFIED").length >= 2000, 90_000);
      const after = await portalStats(portal);
      const grewMiB = (after.memory.rss - base.memory.rss) / 2 ** 20;
      console.log(`paused reader: skipped ${after.streams.skipped - base.streams.skipped} notices, max queued ${after.streams.maxQueuedBytes} B, RSS +${grewMiB.toFixed(1)} MiB`);
      // Still behind, or (on a loaded machine, where the churn outlasts the 30 s stall limit)
      // already dropped as too slow: either way it was never queued without bound.
      expect(after.streams.behind + (after.streams.droppedSlow - base.streams.droppedSlow)).toBeGreaterThanOrEqual(1);
      expect(after.streams.skipped - base.streams.skipped).toBeGreaterThan(0);
      expect(after.streams.maxQueuedBytes).toBeLessThanOrEqual(64 * 1024 + 1024);
      expect(grewMiB).toBeLessThan(48);
      normal.close();
    } finally {
      paused.kill();
      await Promise.all(names.map((n) => kubeDelete(`${claims}/${n}`)));
    }
  });
});

import "server-only";
import { outsideRequest } from "@/lib/log";
import type { ServerResponse } from "node:http";
import { informer } from "./informers";
import { holdPersonScope, peekPersonScope, personScope, scopeAllows } from "./scope";
import { identityKey } from "./access";
import { clusterStatus, onClusterStatus } from "./cluster-status";
import { RESOURCES, isResourceKey, type ResourceKey } from "./resources";
import type { Identity } from "./identity";
import type { ChangeMessage, StatusMessage } from "@/lib/live/messages";
import { Fanout } from "@/lib/live/fanout";
import { usageNotices } from "@/lib/usage/changes";
import { usageSource } from "./usage";

const HEARTBEAT_MS = 15_000;
/** Bytes a stream may queue for a reader that does not keep up (a few hundred notices). */
const STREAM_BUFFER_BYTES = 64 * 1024;
/** A reader stuck this long (checked at each heartbeat) is dropped; its browser reconnects. */
const STALL_MS = 30_000;
/** EventSource reconnect delay, jittered per stream so a portal restart is not a thundering herd. */
const RETRY_MIN_MS = 1_000;
const RETRY_SPREAD_MS = 4_000;

const enc = new TextEncoder();
const sse = (event: string, data: unknown) => enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

function envInt(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

interface Live {
  fanout: Fanout;
  subscribed: Set<ResourceKey>;
}
const liveKey = Symbol.for("bindery.live");
type Holder = { [liveKey]?: Live };

const statusBytes = () => {
  const s = clusterStatus();
  const msg: StatusMessage = { connected: s.connected, version: s.version, lastSyncAt: s.lastSyncAt };
  return sse("status", msg);
};

/** The process-wide fan-out, its one heartbeat timer and its cluster-status subscription. */
function live(): Live {
  const g = globalThis as Holder;
  if (!g[liveKey]) g[liveKey] = outsideRequest(startLive);
  return g[liveKey];
}

function startLive(): Live {
  const fanout = new Fanout({
    maxPerPerson: envInt("BINDERY_LIVE_MAX_PER_PERSON", 20),
    maxStreams: envInt("BINDERY_LIVE_MAX_STREAMS", 2_000),
    stallMs: STALL_MS,
    resync: sse("ready", { resync: true }),
  });
  onClusterStatus(() => fanout.broadcast(statusBytes()));
  setInterval(() => fanout.broadcast(statusBytes()), HEARTBEAT_MS).unref();
  watchUsage(fanout);
  return { fanout, subscribed: new Set() };
}

/**
 * Usage has no watch: a refresh whose figures changed is told to open pages as a change of those
 * claims (scoped like the claims themselves), so they re-read. An open page counts as someone
 * looking, so while any stream is open the shared snapshot is refreshed when due.
 */
function watchUsage(fanout: Fanout): void {
  const src = usageSource();
  if (src.config.kind === "none") return;
  src.onChange((changed) => {
    const at = Date.now();
    for (const n of usageNotices(changed)) {
      const msg: ChangeMessage = { topic: "persistentvolumeclaims", type: "MODIFIED", namespace: n.namespace, name: n.name, at };
      fanout.publish("persistentvolumeclaims", n.namespace, sse("change", msg));
    }
  });
  setInterval(() => {
    if (fanout.stats().connections > 0) void src.get();
  }, src.config.refreshMs).unref();
}

/** One informer subscription per topic for the whole process; each change is serialized once. */
function ensureTopic(l: Live, topic: ResourceKey): void {
  if (l.subscribed.has(topic)) return;
  l.subscribed.add(topic);
  informer(topic).subscribe((change) => {
    const ns = change.object.metadata.namespace;
    const msg: ChangeMessage = { topic, type: change.type, namespace: ns, name: change.object.metadata.name, at: change.at };
    l.fanout.publish(topic, ns, sse("change", msg));
  });
}

/** Topics from the query string: known ones only, each once. */
export function parseTopics(asked: string | null, allowed: readonly string[]): ResourceKey[] {
  const wanted = asked === null ? allowed : asked.slice(0, 1000).split(",");
  return [...new Set(wanted.filter((t) => allowed.includes(t) && isResourceKey(t)))] as ResourceKey[];
}

export type StreamResult = { ok: true } | { ok: false; status: number; message: string };

/**
 * Streams SSE on a plain Node response for one browser: registered with the shared fan-out
 * (never a watch of its own), forwarding only changes the person may list. Says "ready" once
 * the person's scope (shared by all their streams) is known, so pages re-read then and miss
 * nothing. Per stream the process keeps the socket, this registration and a few closures: no
 * web-stream pipe and no framework request context held open for the stream's lifetime.
 */
export function openChangeStream(id: Identity, topics: ResourceKey[], res: ServerResponse): StreamResult {
  const l = live();
  const key = identityKey(id);
  const allows = (topic: string, ns: string | undefined) => {
    const rt = RESOURCES[topic as ResourceKey];
    return scopeAllows(peekPersonScope(key), rt.group, rt.plural, rt.namespaced ? ns : undefined);
  };
  // Set once admitted; the fan-out only calls close() after that.
  const held: { release?: () => void } = {};
  const admitted = l.fanout.open(id.user, key, topics, allows, {
    desiredSize: () => (res.destroyed || res.writableEnded ? null : STREAM_BUFFER_BYTES - res.writableLength),
    enqueue: (b) => void res.write(b),
    queuedBytes: () => res.writableLength,
    close: (dropQueued) => {
      held.release?.();
      if (dropQueued) res.destroy();
      else res.end();
    },
  });
  if (!admitted.ok) return admitted;
  const s = admitted.stream;
  for (const t of topics) ensureTopic(l, t);
  held.release = holdPersonScope(id);
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    "X-Content-Type-Options": "nosniff",
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();
  // A reader that fell behind took its queue: it resyncs now (Node says "drain" once it is empty).
  res.on("drain", () => l.fanout.drained(s));
  res.on("close", () => l.fanout.close(s));
  if (res.destroyed) l.fanout.close(s);
  l.fanout.write(s, enc.encode(`retry: ${RETRY_MIN_MS + Math.floor(Math.random() * RETRY_SPREAD_MS)}\n\n`));
  l.fanout.write(s, statusBytes());
  personScope(id).then(
    // The server time lets a page rendered before "ready" (whose changes may have been dropped
    // while the scope was unknown) re-read once, even if it mounts after "ready" arrived.
    () => l.fanout.write(s, sse("ready", { at: Date.now() })),
    // Without a scope nothing would be forwarded: end the stream, the browser retries later.
    () => l.fanout.close(s),
  );
  return { ok: true };
}

/** Plain counters for benchmarks, tests and /api/metrics. */
export function streamStats() {
  return live().fanout.stats();
}

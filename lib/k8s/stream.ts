import "server-only";
import { informer } from "./informers";
import { listScope, type Scope } from "./scope";
import { clusterStatus, onClusterStatus } from "./cluster-status";
import { RESOURCES, isResourceKey, type ResourceKey } from "./resources";
import type { Identity } from "./identity";
import type { ChangeMessage, StatusMessage } from "@/lib/live/messages";

const SCOPE_REFRESH_MS = 30_000;
const HEARTBEAT_MS = 15_000;

/**
 * An SSE body for one browser tab: subscribes to the shared informers (never opens a watch
 * of its own), forwards only changes in namespaces the person may list, and unsubscribes
 * everything when the browser goes away.
 */
export function changeStream(id: Identity, topics: string[], signal: AbortSignal): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const cleanups: (() => void)[] = [];
  let closed = false;
  return new ReadableStream({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          close();
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        for (const c of cleanups.splice(0)) c();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      signal.addEventListener("abort", close);
      const status = (): StatusMessage => {
        const s = clusterStatus();
        return { connected: s.connected, version: s.version, lastSyncAt: s.lastSyncAt };
      };
      send("status", status());
      cleanups.push(onClusterStatus(() => send("status", status())));
      const heartbeat = setInterval(() => send("status", status()), HEARTBEAT_MS);
      cleanups.push(() => clearInterval(heartbeat));

      const subscribe = async (topic: ResourceKey) => {
        const rt = RESOURCES[topic];
        let scope: Scope | undefined;
        let scopeAt = 0;
        const refreshScope = async () => {
          scope = await listScope(id, rt.plural, rt.group).catch(() => ({ all: false, namespaces: [] }));
          scopeAt = Date.now();
        };
        await refreshScope();
        if (closed) return;
        cleanups.push(
          informer(topic).subscribe((change) => {
            if (Date.now() - scopeAt > SCOPE_REFRESH_MS) void refreshScope();
            const ns = change.object.metadata.namespace;
            const allowed = rt.namespaced ? scope?.all || (ns !== undefined && scope?.namespaces.includes(ns)) : scope?.all;
            if (!allowed) return;
            const msg: ChangeMessage = { topic, type: change.type, namespace: ns, name: change.object.metadata.name, at: change.at };
            send("change", msg);
          }),
        );
      };
      await Promise.all(topics.filter(isResourceKey).map(subscribe));
      // Only now is every change forwarded: pages re-read on "ready", so nothing that happened
      // before the subscriptions (after their render) is lost.
      send("ready", {});
    },
    cancel() {
      closed = true;
      for (const c of cleanups.splice(0)) c();
    },
  });
}

"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { RESYNC, type ChangeMessage, type StatusMessage } from "@/lib/live/messages";

type Listener = (m: ChangeMessage) => void;
interface Live {
  status: StatusMessage | undefined;
  /** The browser lost its stream to the portal (portal restarting or network). */
  streamDown: boolean;
  /** Why the portal refused the stream (e.g. too many live connections), to show as is. */
  downReason: string | null;
  subscribe: (l: Listener) => () => void;
  /** Changes the portal received (server clock) after `at`, from a short in-memory history. */
  changesSince: (at: number) => ChangeMessage[];
}

type WorkerMessage =
  | { kind: "status"; data: StatusMessage; streamDown: boolean }
  | { kind: "change"; data: ChangeMessage }
  | { kind: "down"; streamDown: boolean; reason?: string | null }
  | { kind: "resync"; at?: number };

const HISTORY = 500;
const LiveContext = createContext<Live>({ status: undefined, streamDown: false, downReason: null, subscribe: () => () => {}, changesSince: () => [] });

/**
 * Live updates for the page: one stream per browser, shared by all tabs through a
 * SharedWorker where the browser has one, else one EventSource for this tab.
 */
export function LiveProvider({ initial, user, children }: { initial: StatusMessage; user: string; children: React.ReactNode }) {
  const [status, setStatus] = useState<StatusMessage | undefined>(initial);
  const [streamDown, setStreamDown] = useState(false);
  const [downReason, setDownReason] = useState<string | null>(null);
  const listeners = useRef(new Set<Listener>());
  // Recent changes, so a page that mounts after a change (rendered before it) can catch up.
  const history = useRef<ChangeMessage[]>([]);

  useEffect(() => {
    const handle = (m: WorkerMessage) => {
      if (m.kind === "status") {
        setStatus(m.data);
        setStreamDown(false);
        setDownReason(null);
      } else if (m.kind === "change" || m.kind === "resync") {
        // A "ready" resync carries the server time: kept in the history so a page rendered
        // before it (and mounted after) still re-reads once.
        const msg = m.kind === "change" ? m.data : m.at ? { ...RESYNC, at: m.at } : RESYNC;
        if (msg.at) {
          history.current.push(msg);
          if (history.current.length > HISTORY) history.current.splice(0, history.current.length - HISTORY);
        }
        for (const l of listeners.current) l(msg);
      } else {
        setStreamDown(m.streamDown);
        setDownReason(m.reason ?? null);
      }
    };
    if (typeof SharedWorker !== "undefined") {
      const worker = new SharedWorker("/live-worker.js", { name: "bindery-live" });
      worker.port.onmessage = (e: MessageEvent<WorkerMessage>) => handle(e.data);
      worker.port.start();
      worker.port.postMessage({ kind: "hello", user });
      const bye = () => worker.port.postMessage({ kind: "bye" });
      window.addEventListener("pagehide", bye);
      return () => {
        window.removeEventListener("pagehide", bye);
        bye();
        worker.port.close();
      };
    }
    // No SharedWorker: one EventSource for this tab. The server sends each stream a jittered
    // "retry:" delay; a refused stream (cap reached) is retried here after a jittered wait.
    let es: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const open = () => {
      const source = new EventSource("/api/stream");
      es = source;
      source.addEventListener("ready", (e) => {
        attempt = 0;
        handle({ kind: "resync", at: Number((JSON.parse((e as MessageEvent<string>).data) as { at?: unknown }).at) || 0 });
      });
      source.addEventListener("status", (e) => handle({ kind: "status", data: JSON.parse((e as MessageEvent<string>).data), streamDown: false }));
      source.addEventListener("change", (e) => handle({ kind: "change", data: JSON.parse((e as MessageEvent<string>).data) }));
      source.onerror = () => {
        handle({ kind: "down", streamDown: source.readyState !== EventSource.OPEN });
        if (source.readyState === EventSource.CLOSED) {
          retry = setTimeout(open, 1000 + Math.random() * Math.min(30_000, 1000 * 2 ** attempt++));
        }
      };
    };
    open();
    return () => {
      clearTimeout(retry);
      es?.close();
    };
  }, [user]);

  // Stable across renders, so subscribers do not re-subscribe on every status heartbeat.
  const subscribe = useCallback((l: Listener) => {
    listeners.current.add(l);
    return () => {
      listeners.current.delete(l);
    };
  }, []);
  const changesSince = useCallback((at: number) => history.current.filter((m) => m.at > at), []);
  const value = useMemo<Live>(
    () => ({ status, streamDown, downReason, subscribe, changesSince }),
    [status, streamDown, downReason, subscribe, changesSince],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

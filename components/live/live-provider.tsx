"use client";

import { createContext, useContext, useEffect, useRef, useState } from "react";
import type { ChangeMessage, StatusMessage } from "@/lib/live/messages";

type Listener = (m: ChangeMessage) => void;
interface Live {
  status: StatusMessage | undefined;
  /** The browser lost its stream to the portal (portal restarting or network). */
  streamDown: boolean;
  subscribe: (l: Listener) => () => void;
}

const LiveContext = createContext<Live>({ status: undefined, streamDown: false, subscribe: () => () => {} });

/** One EventSource per tab, shared by every live part of the page. */
export function LiveProvider({ initial, children }: { initial: StatusMessage; children: React.ReactNode }) {
  const [status, setStatus] = useState<StatusMessage | undefined>(initial);
  const [streamDown, setStreamDown] = useState(false);
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const es = new EventSource("/api/stream");
    es.addEventListener("status", (e) => {
      setStatus(JSON.parse((e as MessageEvent<string>).data) as StatusMessage);
      setStreamDown(false);
    });
    es.addEventListener("change", (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as ChangeMessage;
      for (const l of listeners.current) l(m);
    });
    es.onerror = () => setStreamDown(es.readyState !== EventSource.OPEN);
    return () => es.close();
  }, []);

  const value: Live = {
    status,
    streamDown,
    subscribe: (l) => {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
  };
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

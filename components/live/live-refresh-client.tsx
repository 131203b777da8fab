"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { useLive } from "./live-provider";
import type { ChangeMessage } from "@/lib/live/messages";

const COALESCE_MS = 60;
const MIN_INTERVAL_MS = 400;
const FOLLOW_UP_MS = 1200;

export interface LiveRefreshProps {
  topics: string[];
  namespace?: string;
  /** Only changes to these object names (any topic) trigger a refresh. */
  names?: string[];
}

/**
 * Re-renders the server component tree when a watched object changes. The server reads
 * from its shared cache, so a refresh costs no apiserver request.
 */
export function LiveRefreshClient({ topics, namespace, names, renderedAt }: LiveRefreshProps & { renderedAt: number }) {
  const router = useRouter();
  const { subscribe, changesSince } = useLive();
  const key = `${topics.join(",")}|${namespace ?? ""}|${(names ?? []).join(",")}`;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let followUp: ReturnType<typeof setTimeout> | undefined;
    let lastAt = 0;
    const onChange = (m: ChangeMessage) => {
      const resync = m.topic === "*";
      if (!resync) {
        if (!topics.includes(m.topic)) return;
        if (namespace && m.namespace && m.namespace !== namespace) return;
        if (names && !names.includes(m.name) && m.topic !== "events") return;
      }
      if (timer) return;
      // A lone change shows almost at once (bursts such as a bind, touching PV, PVC and
      // events, coalesce into one refresh); under sustained churn at most one refresh per 400 ms.
      const wait = Math.max(COALESCE_MS, lastAt + MIN_INTERVAL_MS - Date.now());
      clearTimeout(followUp);
      timer = setTimeout(() => {
        timer = undefined;
        lastAt = Date.now();
        router.refresh();
        // A refresh issued while a navigation or action is still settling can be superseded by
        // that older render; one more read a moment later makes the page converge.
        followUp = setTimeout(() => router.refresh(), FOLLOW_UP_MS);
      }, wait);
    };
    const unsubscribe = subscribe(onChange);
    // Changes that reached the portal after this page was rendered but before this effect ran
    // (e.g. a bind right after a redirect) would otherwise never show.
    for (const m of changesSince(renderedAt)) onChange(m);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearTimeout(followUp);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, renderedAt, router, subscribe, changesSince]);
  return null;
}

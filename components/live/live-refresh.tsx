"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { useLive } from "./live-provider";

interface Props {
  topics: string[];
  namespace?: string;
  /** Only changes to these object names (any topic) trigger a refresh. */
  names?: string[];
}

/**
 * Re-renders the server component tree when a watched object changes. The server reads
 * from its shared cache, so a refresh costs no apiserver request.
 */
export function LiveRefresh({ topics, namespace, names }: Props) {
  const router = useRouter();
  const { subscribe } = useLive();
  const key = `${topics.join(",")}|${namespace ?? ""}|${(names ?? []).join(",")}`;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe((m) => {
      if (!topics.includes(m.topic)) return;
      if (namespace && m.namespace && m.namespace !== namespace) return;
      if (names && !names.includes(m.name) && m.topic !== "events") return;
      // Coalesce bursts (a bind touches PV, PVC and events at once) into one refresh.
      timer ??= setTimeout(() => {
        timer = undefined;
        router.refresh();
      }, 60);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, router, subscribe]);
  return null;
}

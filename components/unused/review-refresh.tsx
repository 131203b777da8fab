"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { useLive } from "@/components/live/live-provider";

const TOPICS = new Set(["persistentvolumes", "persistentvolumeclaims", "pods", "deployments", "statefulsets"]);

interface Props {
  /** How long the server may take to fold a change into the review (it recomputes in the background). */
  lagMs: number;
  /** The server answered with a result older than the latest change: look again after lagMs. */
  stale: boolean;
  /** Render time; a new render re-arms the effect. */
  renderedAt: number;
  everyMs?: number;
}

/**
 * Re-renders the review when volumes, claims, pods or workloads change. Unlike LiveRefresh it
 * waits for the server's background recompute and throttles: on a big cluster pods change all
 * the time, and one refresh every couple of seconds is plenty for a review.
 */
export function ReviewRefresh({ lagMs, stale, renderedAt, everyMs = 2_000 }: Props) {
  const router = useRouter();
  const { subscribe } = useLive();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      if (timer) return;
      // renderedAt is the server's clock: clamp so a skewed browser clock cannot stall refreshes.
      const wait = Math.min(lagMs + everyMs, Math.max(lagMs, renderedAt + everyMs - Date.now()));
      timer = setTimeout(() => {
        timer = undefined;
        router.refresh();
      }, wait);
    };
    if (stale) arm();
    const unsubscribe = subscribe((m) => {
      if (TOPICS.has(m.topic)) arm();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [router, subscribe, lagMs, stale, renderedAt, everyMs]);
  return null;
}

// Deciding what a page says about one claim's usage: a figure, or the honest reason there is
// none. Pure: the facts about pods come from the caller (lib/k8s/usage.ts reads the pod cache).
import { claimKey, type ClaimUsage, type UsageSnapshot } from "./types";

export interface ClaimMountFacts {
  namespace: string;
  name: string;
  /** Node of each running pod that mounts the claim; empty = mounted nowhere. */
  mountedOn: readonly string[];
  /** When (ms) the earliest of those pods started running, if known. */
  mountedSince?: number;
}

/**
 * How long after a pod starts a source may still not know its volume. The Summary API reads
 * the kubelet at collection time (collectedAt = when the collection started); Prometheus only
 * knows what it scraped, typically every 30-60 s.
 */
const SCRAPE_GRACE_MS: Record<UsageSnapshot["source"], number> = { summary: 0, prometheus: 120_000, none: 0 };

export function claimUsage(snapshot: UsageSnapshot, facts: ClaimMountFacts): ClaimUsage {
  if (snapshot.source === "none") return { known: false, reason: "no-source" };
  const usage = snapshot.byClaim.get(claimKey(facts.namespace, facts.name));
  // A figure wins even if the pod just stopped: it is what was measured, with its time.
  if (usage) return { known: true, usage };
  if (snapshot.unreachable) return { known: false, reason: "no-source" };
  if (snapshot.collectedAt === 0) return { known: false, reason: "not-collected" };
  if (facts.mountedOn.length === 0) return { known: false, reason: "not-mounted" };
  // The claim's node could not be read, or its pod started after the last collection:
  // the source has not had its chance yet, so "no stats" would be a guess.
  const failed = snapshot.failedNodes ?? [];
  if (facts.mountedOn.some((n) => failed.includes(n))) return { known: false, reason: "not-collected" };
  if (facts.mountedSince !== undefined && facts.mountedSince >= snapshot.collectedAt - SCRAPE_GRACE_MS[snapshot.source]) {
    return { known: false, reason: "not-collected" };
  }
  return { known: false, reason: "no-stats" };
}

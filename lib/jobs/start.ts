import "server-only";
import { log } from "@/lib/log";
import { startLeaderElection } from "@/lib/k8s/lease";
import { allInformers } from "@/lib/k8s/informers";
import { registerLeaderJob, setLeading } from "./leader-jobs";

const CACHE_SUMMARY_MS = 10 * 60_000;

/**
 * Joins leader election (unless BINDERY_LEADER_ELECTION=off, for a single replica without
 * Lease rights: then this replica always leads) and registers the leader-only jobs. The first
 * job is harmless and real: a periodic summary of the shared caches, logged once per
 * deployment; the kept-snapshot expiry job plugs in the same way.
 */
export function startLeader(): void {
  registerLeaderJob({
    name: "cache-summary",
    everyMs: CACHE_SUMMARY_MS,
    run: () => log.info("cache summary", { objects: Object.fromEntries(allInformers().map((i) => [i.type.key, i.size])) }),
  });
  if (process.env.BINDERY_LEADER_ELECTION === "off") {
    setLeading(true);
    return;
  }
  const elector = startLeaderElection(setLeading);
  // With NEXT_MANUAL_SIG_HANDLE set (the chart sets it), Next leaves SIGTERM to us: hand the
  // lease over before exiting so the next leader need not wait for it to expire.
  if (process.env.NEXT_MANUAL_SIG_HANDLE) {
    const shutdown = () => void elector.stop().finally(() => process.exit(0));
    process.once("SIGTERM", shutdown);
    process.once("SIGINT", shutdown);
  }
}

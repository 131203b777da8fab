import { log } from "@/lib/log";

/**
 * Periodic work that must run once per deployment, not once per replica: it runs only while
 * this replica holds the leader Lease (lib/k8s/lease.ts). A job registers here; the elector
 * calls setLeading() when leadership changes. Future jobs (expiring kept snapshots, scans)
 * plug in with registerLeaderJob.
 */
export interface LeaderJob {
  name: string;
  everyMs: number;
  run: () => Promise<void> | void;
}

const key = Symbol.for("bindery.leader-jobs");
interface State {
  jobs: Map<string, LeaderJob>;
  timers: Map<string, NodeJS.Timeout>;
  leading: boolean;
  runs: Map<string, number>;
}
type Holder = { [key]?: State };

function state(): State {
  const g = globalThis as Holder;
  g[key] ??= { jobs: new Map(), timers: new Map(), leading: false, runs: new Map() };
  return g[key];
}

function schedule(job: LeaderJob): void {
  const s = state();
  const tick = async () => {
    s.runs.set(job.name, (s.runs.get(job.name) ?? 0) + 1);
    try {
      await job.run();
    } catch (e) {
      log.error("leader job failed", e, { job: job.name });
    }
  };
  void tick(); // run once on taking over, then on the interval
  s.timers.set(job.name, setInterval(tick, job.everyMs));
}

export function registerLeaderJob(job: LeaderJob): void {
  const s = state();
  if (s.jobs.has(job.name)) return;
  s.jobs.set(job.name, job);
  if (s.leading) schedule(job);
}

export function setLeading(leading: boolean): void {
  const s = state();
  if (leading === s.leading) return;
  s.leading = leading;
  if (leading) for (const job of s.jobs.values()) schedule(job);
  else {
    for (const t of s.timers.values()) clearInterval(t);
    s.timers.clear();
  }
}

/** How often each job has run in this process (tests and the health endpoint read it). */
export function jobRuns(): Record<string, number> {
  return Object.fromEntries(state().runs);
}

export function isLeading(): boolean {
  return state().leading;
}

// Volume usage: the contract between usage sources (lib/k8s/usage-*.ts, the kubelet Summary API
// through the node proxy, or Prometheus) and the pages and the unused review that read it.
// Pure types: no I/O here.

/** Which backend answers usage questions; chosen by configuration (PROMETHEUS_URL, BINDERY_USAGE_SOURCE). */
export type UsageSourceKind = "summary" | "prometheus" | "none";

/** Why a claim has no figure. Shown to people in plain words; never rendered as 0%. */
export type UsageUnknownReason =
  | "not-mounted" // no running pod mounts the claim, so no kubelet measures it
  | "no-stats" // mounted, but its driver reports no volume stats
  | "no-source" // no usage source configured (or the configured one is unreachable)
  | "not-collected"; // the source is fine but has not yet reported this claim (first refresh pending)

export interface VolumeUsage {
  usedBytes: number;
  capacityBytes: number;
  availableBytes: number;
  inodesUsed?: number;
  inodes?: number;
  /** When the figure was measured (ms since epoch). */
  at: number;
  /** Highest usedBytes seen over the window asked for (Prometheus max_over_time); absent for the Summary API. */
  maxUsedBytes?: number;
  /** How long (ms) the window behind maxUsedBytes covers; absent = current value only. */
  windowMs?: number;
}

export type ClaimUsage =
  | { known: true; usage: VolumeUsage }
  | { known: false; reason: UsageUnknownReason };

/** One refresh of every claim's usage, shared by all people in the process. Keyed "namespace/name". */
export interface UsageSnapshot {
  source: UsageSourceKind;
  /** When this snapshot was collected (ms since epoch); 0 if never. */
  collectedAt: number;
  /** How long the collection took (ms). */
  tookMs: number;
  /** Moves only when some claim's figure changed (sameFigures): a refresh that changes nothing is no news. */
  version: number;
  byClaim: ReadonlyMap<string, VolumeUsage>;
  /** Human-readable problems of the last refresh (e.g. "node n2: 503"), for the admin status page. */
  errors: readonly string[];
  /** The last refresh got nothing from the source (Prometheus down, every node failed, nodes/proxy refused). */
  unreachable?: boolean;
  /** Summary API: nodes whose stats could not be read in the last refresh (their claims are not collected). */
  failedNodes?: readonly string[];
}

export const claimKey = (namespace: string, name: string): string => `${namespace}/${name}`;

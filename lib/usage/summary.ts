// The kubelet Summary API document (GET /api/v1/nodes/N/proxy/stats/summary) to claim figures.
// Pure: the request is made by lib/k8s/usage-summary.ts.
import { claimKey, type VolumeUsage } from "./types";

/** The part of k8s.io/kubelet/pkg/apis/stats/v1alpha1.Summary we read. */
export interface SummaryDoc {
  node?: { nodeName?: string };
  pods?: {
    podRef?: { name?: string; namespace?: string };
    volume?: {
      name?: string;
      pvcRef?: { name?: string; namespace?: string };
      time?: string;
      usedBytes?: number;
      capacityBytes?: number;
      availableBytes?: number;
      inodes?: number;
      inodesUsed?: number;
    }[];
  }[];
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Adds each claim's figures from one node's summary to `into`. Volumes without pvcRef
 * (emptyDir, configMap…) and volumes the driver did not measure (no byte figures) are
 * skipped: "no figure" is the honest answer there. A claim seen twice (two pods, or two nodes
 * for RWX) keeps the newest measurement.
 */
export function addSummary(into: Map<string, VolumeUsage>, doc: SummaryDoc, fallbackAt: number): void {
  for (const pod of doc.pods ?? []) {
    for (const v of pod.volume ?? []) {
      const ref = v.pvcRef;
      if (!ref?.name || !ref.namespace) continue;
      if (!num(v.usedBytes) || !num(v.capacityBytes)) continue;
      const at = (v.time && Date.parse(v.time)) || fallbackAt;
      const usage: VolumeUsage = {
        usedBytes: v.usedBytes,
        capacityBytes: v.capacityBytes,
        availableBytes: num(v.availableBytes) ? v.availableBytes : Math.max(0, v.capacityBytes - v.usedBytes),
        at,
      };
      if (num(v.inodes)) usage.inodes = v.inodes;
      if (num(v.inodesUsed)) usage.inodesUsed = v.inodesUsed;
      const key = claimKey(ref.namespace, ref.name);
      const prev = into.get(key);
      if (!prev || prev.at <= at) into.set(key, usage);
    }
  }
}

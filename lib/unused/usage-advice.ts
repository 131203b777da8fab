import { parseQuantity } from "@/lib/quantity";
import { adviseUsage, DEFAULT_ADVICE, type AdviceOptions } from "@/lib/usage/advice";
import type { UsageSnapshot } from "@/lib/usage/types";
import { claimId, type Finding, type PVCLike, type PVLike } from "./types";

/**
 * Usage advice for a bound claim in use (the classifier found no other reason): one Map lookup,
 * no work for claims without a figure. The finding's `bytes` is what could be given back.
 */
export function adviceFinding(c: PVCLike, usage: UsageSnapshot | undefined, pvs: ReadonlyMap<string, PVLike>, now: number, opts: AdviceOptions = DEFAULT_ADVICE): Finding | undefined {
  if (!usage || c.metadata.deletionTimestamp || c.status?.phase !== "Bound") return undefined;
  const ns = c.metadata.namespace ?? "";
  const u = usage.byClaim.get(`${ns}/${c.metadata.name}`);
  if (!u) return undefined;
  const volumeName = c.spec?.volumeName || undefined;
  const pv = volumeName ? pvs.get(volumeName) : undefined;
  const capacity = c.status?.capacity?.storage ?? pv?.spec?.capacity?.storage ?? c.spec?.resources?.requests?.storage ?? "";
  const created = c.metadata.creationTimestamp ? Date.parse(c.metadata.creationTimestamp) : NaN;
  const a = adviseUsage(u, parseQuantity(capacity), Number.isNaN(created) ? undefined : created, now, opts);
  if (!a) return undefined;
  return {
    id: claimId(ns, c.metadata.name),
    kind: "PersistentVolumeClaim",
    namespace: ns,
    name: c.metadata.name,
    uid: c.metadata.uid ?? "",
    resourceVersion: c.metadata.resourceVersion ?? "",
    reason: a.kind === "empty" ? "claim-empty" : "claim-oversized",
    detail: a.detail,
    // The start of what the figure covers: the window, or now for a current value.
    since: new Date(now - a.coveredMs).toISOString(),
    sinceSource: a.basis === "window" ? "usage-window" : "usage-now",
    capacity,
    bytes: a.reclaimableBytes,
    storageClass: c.spec?.storageClassName ?? "",
    volumeName,
    reclaimPolicy: pv?.spec?.persistentVolumeReclaimPolicy,
    formerClaim: undefined,
    createdAt: c.metadata.creationTimestamp,
    advice: { peakBytes: a.peakBytes, suggestedBytes: a.suggestedBytes },
  };
}

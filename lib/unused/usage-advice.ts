import { parseQuantity } from "@/lib/quantity";
import { adviseUsage, DEFAULT_ADVICE, type AdviceOptions } from "@/lib/usage/advice";
import type { UsageSnapshot } from "@/lib/usage/types";
import { claimId, keepOrFind, type Classification, type Finding, type KeptFinding, type PVCLike, type PVLike } from "./types";
import type { BaseClassification } from "./classify";

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

/** Claims between two yields: each slice of the advice stays a few milliseconds. */
const CHUNK = 200;

/**
 * The advice layer over a base classification, as steps: only the claims in use are judged, so
 * new usage figures cost a lookup per such claim, never a reclassification of the cluster.
 */
export function* adviceSteps(base: BaseClassification, usage: UsageSnapshot | undefined, now: number, opts: AdviceOptions = DEFAULT_ADVICE): Generator<void, Classification> {
  const findings: Finding[] = [];
  const kept: KeptFinding[] = [];
  if (!usage || usage.byClaim.size === 0) return { findings, kept };
  let n = 0;
  for (const c of base.inUse) {
    if (++n % CHUNK === 0) yield;
    const f = adviceFinding(c, usage, base.pvs, now, opts);
    if (f) keepOrFind(f, c, base.pvs, findings, kept);
  }
  return { findings, kept };
}

/** The review's classification: the base findings, then the advice ones. */
export function withAdvice(base: Classification, advice: Classification): Classification {
  return { findings: advice.findings.length ? base.findings.concat(advice.findings) : base.findings, kept: advice.kept.length ? base.kept.concat(advice.kept) : base.kept };
}

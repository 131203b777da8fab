import { parseQuantity } from "@/lib/quantity";
import {
  KEEP_LABEL,
  claimId,
  kept,
  keepOrFind,
  pvId,
  type Classification,
  type EventLike,
  type Finding,
  type KeptFinding,
  type PodLike,
  type PVCLike,
  type PVLike,
  type SinceSource,
  type StorageClassLike,
  type WorkloadLike,
} from "./types";
import { buildWorkloadRefs, workloadUsing, type WorkloadRefIndex } from "./workload-refs";
import { PodUsage, type PodIndex } from "./pod-usage";
import type { AdviceOptions } from "@/lib/usage/advice";
import type { UsageSnapshot } from "@/lib/usage/types";
import { adviceSteps, withAdvice } from "./usage-advice";
import { drain } from "@/lib/runtime/sliced";
import { indexEvents } from "./event-index";

/**
 * Pure classification of unused storage: plain objects in, findings out. No cluster, no
 * clock (the caller passes `now`), so every rule and every false-positive guard is unit
 * tested on real-shaped objects.
 */

export interface Snapshot {
  pvs: PVLike[];
  claims: PVCLike[];
  pods: PodLike[];
  workloads: WorkloadLike[];
  /** Events; only those about PersistentVolumes and claims are read. */
  events: EventLike[];
  classes: StorageClassLike[];
  /** "namespace/claim" -> last time (ms) the portal saw a pod mounting it. */
  lastSeenMounted: ReadonlyMap<string, number>;
  /** When the portal began watching pods (ms): "unused since at least then". */
  watchingSince: number;
  /** A pod index kept up to date incrementally; built from `pods` when absent. */
  podIndex?: PodIndex;
  /** Volume usage: mounted claims that are empty or over-sized become advice findings. */
  usage?: UsageSnapshot;
}

export interface ClassifyOptions {
  now: number;
  /** Pending claims younger than this are normal (provisioning, waiting for a pod). */
  pendingThresholdMs: number;
  /** Thresholds of the usage advice (empty / over-sized); defaults when absent. */
  advice?: AdviceOptions;
}

export const DEFAULT_PENDING_MS = 60 * 60 * 1000;

/** Objects between two yields: the slicer can only step aside at a yield, and 2,000 claims took 40-80 ms. */
const CHUNK = 200;

function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function pvFinding(pv: PVLike, reason: Finding["reason"], detail: string, since: string | undefined, sinceSource: SinceSource): Finding {
  const capacity = pv.spec?.capacity?.storage ?? "";
  const ref = pv.spec?.claimRef;
  return {
    id: pvId(pv.metadata.name),
    kind: "PersistentVolume",
    namespace: "",
    name: pv.metadata.name,
    uid: pv.metadata.uid ?? "",
    resourceVersion: pv.metadata.resourceVersion ?? "",
    reason,
    detail,
    since,
    sinceSource,
    capacity,
    bytes: parseQuantity(capacity) ?? 0,
    storageClass: pv.spec?.storageClassName ?? "",
    volumeName: pv.metadata.name,
    reclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy ?? "Retain",
    formerClaim: ref?.name ? `${ref.namespace ?? ""}/${ref.name}` : undefined,
    createdAt: pv.metadata.creationTimestamp,
  };
}

function classifyPV(pv: PVLike, claims: Map<string, PVCLike>, warnings: Map<string, EventLike>): Finding | undefined {
  if (pv.metadata.deletionTimestamp) return undefined; // already going
  const phase = pv.status?.phase;
  const ref = pv.spec?.claimRef;
  const refKey = ref?.name ? `${ref.namespace ?? ""}/${ref.name}` : undefined;
  const transition = pv.status?.lastPhaseTransitionTime;
  const since = transition ?? pv.metadata.creationTimestamp;
  const source: SinceSource = transition ? "phase-transition" : "created";
  if (phase === "Available") {
    // Pre-bound to a claim that exists: the binder is about to pair them.
    if (refKey && claims.has(refKey)) return undefined;
    const detail = refKey ? `Available; reserved for claim ${refKey}, which does not exist` : "Available and never claimed";
    return pvFinding(pv, "pv-available", detail, since, source);
  }
  if (phase === "Released") {
    const detail = refKey ? `Released; was bound to ${refKey}` : "Released";
    return pvFinding(pv, "pv-released", detail, since, source);
  }
  if (phase === "Failed") {
    const event = warnings.get(`PersistentVolume//${pv.metadata.name}`);
    const parts = [pv.status?.message, event ? `${event.reason ?? "Event"}: ${event.message ?? ""}` : undefined].filter(Boolean);
    const detail = parts.length ? `Failed: ${[...new Set(parts)].join(" — ")}` : "Failed";
    return pvFinding(pv, "pv-failed", detail, since, source);
  }
  return undefined; // Bound and Pending volumes are judged through their claim
}

interface ClaimContext {
  pods: PodIndex;
  refs: WorkloadRefIndex;
  pvs: Map<string, PVLike>;
  classes: Map<string, StorageClassLike>;
  latest: Map<string, EventLike>;
  snapshot: Snapshot;
  opts: ClassifyOptions;
}

/** Why a claim is in use (or protected); undefined means nothing uses it. */
export function claimGuard(c: PVCLike, ctx: Pick<ClaimContext, "pods" | "refs">): string | undefined {
  const ns = c.metadata.namespace ?? "";
  const key = `${ns}/${c.metadata.name}`;
  const ownerPod = c.metadata.ownerReferences?.find((o) => o.kind === "Pod");
  if (ownerPod && ctx.pods.pods.has(`${ns}/${ownerPod.name}`)) return `ephemeral volume of pod ${ownerPod.name}`;
  if (ctx.pods.ephemeral.has(key)) return "generic ephemeral volume of an existing pod";
  if (ctx.pods.mounted.has(key)) return "mounted by a pod";
  const w = workloadUsing(ctx.refs, ns, c.metadata.name);
  if (w) return `referenced by ${w.kind} ${w.name}`;
  return undefined;
}

function pendingReason(c: PVCLike, ctx: ClaimContext): string {
  const ns = c.metadata.namespace ?? "";
  const ev = ctx.latest.get(`PersistentVolumeClaim/${ns}/${c.metadata.name}`);
  if (ev?.message) return `${ev.reason ?? "Event"}: ${ev.message}`;
  const cls = c.spec?.storageClassName;
  if (cls) {
    const sc = ctx.classes.get(cls);
    if (!sc) return `StorageClass "${cls}" does not exist`;
    if (sc.volumeBindingMode === "WaitForFirstConsumer") return "Waits for a first consumer, and no pod or workload uses it";
    return `Not provisioned by ${sc.provisioner ?? "the class's provisioner"} yet`;
  }
  return "No matching volume and no storage class to provision one";
}

function claimFinding(c: PVCLike, ctx: ClaimContext): Finding | undefined {
  if (c.metadata.deletionTimestamp) return undefined;
  const phase = c.status?.phase ?? "Pending";
  if (phase !== "Bound" && phase !== "Pending") return undefined;
  if (claimGuard(c, ctx)) return undefined;
  const ns = c.metadata.namespace ?? "";
  const key = `${ns}/${c.metadata.name}`;
  const created = c.metadata.creationTimestamp;
  const base = {
    id: claimId(ns, c.metadata.name),
    kind: "PersistentVolumeClaim" as const,
    namespace: ns,
    name: c.metadata.name,
    uid: c.metadata.uid ?? "",
    resourceVersion: c.metadata.resourceVersion ?? "",
    storageClass: c.spec?.storageClassName ?? "",
    formerClaim: undefined,
    createdAt: created,
  };
  if (phase === "Pending") {
    const age = ctx.opts.now - (ms(created) ?? ctx.opts.now);
    if (age < ctx.opts.pendingThresholdMs) return undefined;
    return {
      ...base,
      reason: "claim-pending",
      detail: `Pending: ${pendingReason(c, ctx)}`,
      since: created,
      sinceSource: "created",
      capacity: c.spec?.resources?.requests?.storage ?? "",
      bytes: 0, // nothing was provisioned, nothing to free
      volumeName: undefined,
      reclaimPolicy: undefined,
    };
  }
  const volumeName = c.spec?.volumeName || undefined;
  const pv = volumeName ? ctx.pvs.get(volumeName) : undefined;
  const capacity = pv?.spec?.capacity?.storage ?? c.status?.capacity?.storage ?? c.spec?.resources?.requests?.storage ?? "";
  let since: string | undefined;
  let sinceSource: SinceSource;
  const unused = c.status?.conditions?.find((x) => x.type === "Unused");
  const seen = ctx.snapshot.lastSeenMounted.get(key);
  const createdMs = ms(created) ?? 0;
  if (unused?.status === "True" && unused.lastTransitionTime) {
    since = unused.lastTransitionTime;
    sinceSource = "cluster-condition";
  } else if (seen !== undefined) {
    since = iso(seen);
    sinceSource = "portal-last-seen";
  } else if (createdMs >= ctx.snapshot.watchingSince) {
    since = created;
    sinceSource = "created";
  } else {
    since = iso(ctx.snapshot.watchingSince);
    sinceSource = "portal-start";
  }
  return {
    ...base,
    reason: "claim-unmounted",
    detail: `Bound to ${volumeName ?? "a volume"}; mounted by no pod and referenced by no workload`,
    since,
    sinceSource,
    capacity,
    bytes: parseQuantity(capacity) ?? 0,
    volumeName,
    reclaimPolicy: pv?.spec?.persistentVolumeReclaimPolicy,
  };
}

/**
 * What the usage advice needs from a classification: the claims in use (bound, judged by no
 * other rule) and the volumes by name. Advice is a separate layer (lib/unused/usage-advice.ts)
 * because it alone depends on usage figures: a usage refresh re-judges these claims only.
 */
export interface BaseClassification extends Classification {
  inUse: PVCLike[];
  pvs: ReadonlyMap<string, PVLike>;
}

/**
 * The classification as steps, without usage advice: it yields every few thousand objects so a
 * caller on a busy server can give other requests a turn (see lib/unused/review.ts).
 */
export function* classifyBaseSteps(snapshot: Snapshot, opts: ClassifyOptions): Generator<void, BaseClassification> {
  const claims = new Map<string, PVCLike>();
  for (const c of snapshot.claims) claims.set(`${c.metadata.namespace ?? ""}/${c.metadata.name}`, c);
  const pvs = new Map<string, PVLike>();
  for (const pv of snapshot.pvs) pvs.set(pv.metadata.name, pv);
  yield;
  const pods = snapshot.podIndex ?? PodUsage.of(snapshot.pods);
  yield;
  const { latest, warnings } = yield* indexEvents(snapshot.events);
  const ctx: ClaimContext = {
    pods,
    refs: buildWorkloadRefs(snapshot.workloads),
    pvs,
    classes: new Map(snapshot.classes.map((s) => [s.metadata.name, s])),
    latest,
    snapshot,
    opts,
  };
  const findings: Finding[] = [];
  const keptOut: KeptFinding[] = [];
  const inUse: PVCLike[] = [];
  let n = 0;
  for (const pv of snapshot.pvs) {
    if (++n % CHUNK === 0) yield;
    const f = classifyPV(pv, claims, warnings);
    if (!f) continue;
    if (kept(pv.metadata.labels)) keptOut.push({ ...f, keptBecause: `Volume is labelled ${KEEP_LABEL}=true` });
    else findings.push(f);
  }
  for (const c of snapshot.claims) {
    if (++n % CHUNK === 0) yield;
    const f = claimFinding(c, ctx);
    if (!f) {
      if (c.status?.phase === "Bound" && !c.metadata.deletionTimestamp) inUse.push(c);
      continue;
    }
    keepOrFind(f, c, pvs, findings, keptOut);
  }
  return { findings, kept: keptOut, inUse, pvs };
}

/** The whole classification in one go: the base, then the usage advice when `snapshot.usage` is set. */
export function classify(snapshot: Snapshot, opts: ClassifyOptions): Classification {
  const base = drain(classifyBaseSteps(snapshot, opts));
  return withAdvice(base, drain(adviceSteps(base, snapshot.usage, opts.now, opts.advice)));
}

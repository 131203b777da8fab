import { parseQuantity } from "@/lib/quantity";

// The PV binder's matching rules (pkg/controller/volume/persistentvolume), restated as a pure
// function so the admin's PV form and the developer's request form can preview a bind.

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface MatchableVolume {
  name: string;
  phase: string;
  capacity: string;
  accessModes: string[];
  volumeMode: string;
  storageClass: string;
  labels: Record<string, string>;
  claim?: { namespace: string; name: string; uid?: string | undefined } | undefined;
  deleting?: boolean;
}

export interface MatchableClaim {
  namespace: string;
  name: string;
  uid?: string;
  requested: string;
  accessModes: string[];
  volumeMode: string;
  /** undefined: the claim names no class (admission may set the default). */
  storageClass: string | undefined;
  selector?: LabelSelector | undefined;
  volumeName?: string | undefined;
  createdAt?: string | undefined;
}

export type MatchResult = { ok: true } | { ok: false; reasons: string[] };

export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const val = labels[e.key];
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(val!))) return false;
    if (e.operator === "NotIn" && has && values.includes(val!)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** Whether the binder could bind this PV to this claim; if not, every reason in plain words. */
export function volumeMatchesClaim(pv: MatchableVolume, claim: MatchableClaim): MatchResult {
  const reasons: string[] = [];
  if (pv.deleting) reasons.push("the volume is being deleted");
  if (claim.volumeName && claim.volumeName !== pv.name) reasons.push(`the claim asks for volume "${claim.volumeName}"`);
  const preBound = pv.claim && (pv.claim.namespace !== claim.namespace || pv.claim.name !== claim.name);
  if (preBound) reasons.push(`the volume is reserved for ${pv.claim!.namespace}/${pv.claim!.name}`);
  else if (pv.phase !== "Available" && !(pv.phase === "Pending" && pv.claim)) {
    reasons.push(pv.phase === "Released" ? "the volume is Released (its old claim's data is still on it)" : `the volume is ${pv.phase}`);
  }
  const claimClass = claim.storageClass ?? "";
  if (pv.storageClass !== claimClass) {
    reasons.push(`storage class differs: volume has "${pv.storageClass || "(none)"}", claim wants "${claimClass || "(none)"}"`);
  }
  if ((pv.volumeMode || "Filesystem") !== (claim.volumeMode || "Filesystem")) {
    reasons.push(`volume mode differs: volume is ${pv.volumeMode || "Filesystem"}, claim wants ${claim.volumeMode || "Filesystem"}`);
  }
  const missing = claim.accessModes.filter((m) => !pv.accessModes.includes(m));
  if (missing.length) reasons.push(`access mode ${missing.join(", ")} is not offered (volume offers ${pv.accessModes.join(", ") || "none"})`);
  const have = parseQuantity(pv.capacity) ?? 0;
  const want = parseQuantity(claim.requested) ?? Infinity;
  if (have < want) reasons.push(`too small: volume has ${pv.capacity}, claim requests ${claim.requested}`);
  if (!selectorMatches(claim.selector, pv.labels)) reasons.push("the claim's label selector does not match the volume's labels");
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** The volume the binder would choose: one pre-bound to the claim, else the smallest that fits. */
export function bestVolumeForClaim<V extends MatchableVolume>(claim: MatchableClaim, pvs: V[]): V | undefined {
  const fits = pvs.filter((pv) => volumeMatchesClaim(pv, claim).ok);
  const reserved = fits.find((pv) => pv.claim?.namespace === claim.namespace && pv.claim?.name === claim.name);
  if (reserved) return reserved;
  return fits.sort((a, b) => (parseQuantity(a.capacity) ?? 0) - (parseQuantity(b.capacity) ?? 0))[0];
}

export interface ClaimMatch<C> {
  claim: C;
  /** The claim this volume would most likely go to. */
  likely: boolean;
}

/**
 * Pending claims a (new or existing) volume could bind to. The likely one is the claim it is
 * reserved for (claimRef), else the oldest matching claim that has no better-fitting volume
 * among `otherVolumes` (the binder gives each claim its smallest fit).
 */
export function claimsForVolume<C extends MatchableClaim & { phase?: string }>(
  pv: MatchableVolume,
  claims: C[],
  otherVolumes: MatchableVolume[] = [],
): ClaimMatch<C>[] {
  const pending = claims.filter((c) => (c.phase ?? "Pending") === "Pending" && volumeMatchesClaim(pv, c).ok);
  const ordered = [...pending].sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? ""));
  let likely: C | undefined = ordered.find((c) => pv.claim?.namespace === c.namespace && pv.claim?.name === c.name);
  if (!likely) {
    likely = ordered.find((c) => bestVolumeForClaim(c, [pv, ...otherVolumes.filter((o) => o.name !== pv.name)])?.name === pv.name);
  }
  return ordered.map((claim) => ({ claim, likely: claim === likely }));
}

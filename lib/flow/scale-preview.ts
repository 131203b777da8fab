// What scaling or deleting a workload does to each of its claims, before it happens. Pure:
// the workload's spec, the claims, volumes and pods in its namespace in; a plan out. The
// same plan later drives the live teardown steps, so what was promised is what is followed.

export type RetentionRule = "Retain" | "Delete";

export interface Retention {
  whenDeleted: RetentionRule;
  whenScaled: RetentionRule;
}

export const DEFAULT_RETENTION: Retention = { whenDeleted: "Retain", whenScaled: "Retain" };

export interface PreviewWorkload {
  kind: "Deployment" | "StatefulSet";
  namespace: string;
  name: string;
  replicas: number;
  /** Claims the pod template names directly (shared by every pod). */
  templateClaims: string[];
  /** volumeClaimTemplates names (StatefulSet): pod i gets <template>-<set>-i. */
  claimTemplates: string[];
  retention: Retention;
}

export interface PreviewClaim {
  name: string;
  volumeName: string | undefined;
  storageClass: string | undefined;
}

export interface PreviewContext {
  claims: PreviewClaim[];
  volumes: { name: string; reclaimPolicy: string }[];
  classes: { name: string; reclaimPolicy: string }[];
  /** Pods in the namespace: name, the claims they mount, and the workload they belong to. */
  pods: { name: string; claims: string[]; workload: string | undefined }[];
  /** Other workloads' template claims in the namespace: claim -> "Kind name". */
  otherUsers: Record<string, string>;
}

export type ClaimFate =
  | "stays" // untouched: still mounted, or still named by the workload
  | "unused" // stays, but nothing names it any more: the unused review will list it
  | "deleted"
  | "created"
  | "reused";

export interface ClaimPlan {
  claim: string;
  fate: ClaimFate;
  /** Who deletes it: the person in this step, or the StatefulSet controller's retention policy. */
  deletedBy?: "you" | "retention-policy";
  why: string;
  volume: string | undefined;
  reclaimPolicy: string | undefined;
  /** What happens to the data, in plain words. */
  data: string;
  /** The kept snapshot taken of it first ("snapshot first"), once the person chose one. */
  snapshot?: string;
}

export interface Plan {
  mode: "scale" | "delete";
  kind: PreviewWorkload["kind"];
  namespace: string;
  name: string;
  from: number;
  to: number;
  /** Pods that stop. */
  pods: string[];
  claims: ClaimPlan[];
}

/** Claim name a StatefulSet gives pod `ordinal` from a template. */
export function ordinalClaim(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/** The ordinal of a claim made from one of the set's templates, if it is one. */
export function claimOrdinal(w: PreviewWorkload, claim: string): number | undefined {
  for (const t of w.claimTemplates) {
    const prefix = `${t}-${w.name}-`;
    const rest = claim.slice(prefix.length);
    if (claim.startsWith(prefix) && /^\d+$/.test(rest)) return Number(rest);
  }
  return undefined;
}

function volumeFacts(c: PreviewClaim | undefined, ctx: PreviewContext) {
  const pv = c?.volumeName ? ctx.volumes.find((v) => v.name === c.volumeName) : undefined;
  const policy = pv?.reclaimPolicy ?? ctx.classes.find((x) => x.name === c?.storageClass)?.reclaimPolicy;
  return { volume: pv?.name ?? c?.volumeName, reclaimPolicy: policy };
}

/** What deleting a claim does to its data, given its volume's reclaim policy. */
export function dataAfterDelete(volume: string | undefined, policy: string | undefined): string {
  if (!volume) return "It has no volume yet, so no data is affected.";
  if (policy === "Delete") return `Its volume ${volume} and the data on it are deleted (reclaim policy Delete).`;
  if (policy === "Retain")
    return `Its volume ${volume} is kept as Released with the data (reclaim policy Retain); a cluster admin decides what happens to it.`;
  return `Its volume ${volume} follows its reclaim policy (${policy ?? "unknown"}).`;
}

function kept(volume: string | undefined): string {
  return volume ? `The data stays on ${volume}.` : "It has no volume yet.";
}

function plan(
  c: string,
  fate: ClaimFate,
  why: string,
  ctx: PreviewContext,
  deletedBy?: ClaimPlan["deletedBy"],
): ClaimPlan {
  const { volume, reclaimPolicy } = volumeFacts(ctx.claims.find((x) => x.name === c), ctx);
  const data = fate === "deleted" ? dataAfterDelete(volume, reclaimPolicy) : kept(volume);
  return { claim: c, fate, why, volume, reclaimPolicy, data, ...(deletedBy ? { deletedBy } : {}) };
}

/** Existing claims made from the set's templates, by ordinal. */
function ordinalClaims(w: PreviewWorkload, ctx: PreviewContext): { name: string; ordinal: number }[] {
  return ctx.claims
    .map((c) => ({ name: c.name, ordinal: claimOrdinal(w, c.name) }))
    .filter((c): c is { name: string; ordinal: number } => c.ordinal !== undefined)
    .sort((a, b) => a.ordinal - b.ordinal || a.name.localeCompare(b.name));
}

function podsOf(w: PreviewWorkload, ctx: PreviewContext): string[] {
  return ctx.pods.filter((p) => p.workload === `${w.kind}/${w.name}`).map((p) => p.name).sort();
}

/** Another user of a claim besides this workload: a workload naming it, or a pod of another owner. */
function otherUser(w: PreviewWorkload, claim: string, ctx: PreviewContext): string | undefined {
  if (ctx.otherUsers[claim]) return ctx.otherUsers[claim];
  const pod = ctx.pods.find((p) => p.claims.includes(claim) && p.workload !== `${w.kind}/${w.name}`);
  return pod ? `pod ${pod.name}` : undefined;
}

export function previewScale(w: PreviewWorkload, to: number, ctx: PreviewContext): Plan {
  const from = w.replicas;
  const pods = podsOf(w, ctx);
  const claims: ClaimPlan[] = [];
  const going =
    w.kind === "StatefulSet"
      ? pods.filter((p) => Number(p.slice(w.name.length + 1)) >= to)
      : to === 0
        ? pods
        : [];
  for (const c of w.templateClaims) {
    claims.push(
      to === 0
        ? plan(c, "stays", `No pod mounts it at 0 replicas; the ${w.kind} still names it, so it is not counted as unused and scaling up mounts it again.`, ctx)
        : plan(c, "stays", "Every replica mounts this shared claim; it stays as it is.", ctx),
    );
  }
  if (w.kind === "StatefulSet") {
    const existing = ordinalClaims(w, ctx);
    for (const { name, ordinal } of existing) {
      if (ordinal < Math.min(from, to)) continue; // untouched replicas
      if (ordinal >= to) {
        if (ordinal >= from) {
          claims.push(plan(name, "stays", `Kept from an earlier scale-down (ordinal ${ordinal}); scaling above ${ordinal} mounts it again.`, ctx));
        } else if (w.retention.whenScaled === "Delete") {
          claims.push(plan(name, "deleted", `Pod ${w.name}-${ordinal} goes, and the claim retention policy whenScaled=Delete deletes its claim.`, ctx, "retention-policy"));
        } else {
          claims.push(plan(name, "stays", `Pod ${w.name}-${ordinal} goes; whenScaled=Retain keeps its claim, and scaling back above ${ordinal} mounts it again with its data.`, ctx));
        }
      } else {
        claims.push(plan(name, "reused", `Pod ${w.name}-${ordinal} comes back and mounts the claim kept from before, with its old data.`, ctx));
      }
    }
    for (let i = from; i < to; i++) {
      for (const t of w.claimTemplates) {
        const name = ordinalClaim(t, w.name, i);
        if (existing.some((e) => e.name === name)) continue;
        claims.push({
          claim: name,
          fate: "created",
          why: `Pod ${w.name}-${i} is new; the StatefulSet creates its claim from the template "${t}".`,
          volume: undefined,
          reclaimPolicy: undefined,
          data: "A new, empty volume is provisioned for it.",
        });
      }
    }
  }
  return { mode: "scale", kind: w.kind, namespace: w.namespace, name: w.name, from, to, pods: going, claims };
}

export function previewDelete(w: PreviewWorkload, deleteClaims: boolean, ctx: PreviewContext): Plan {
  const claims: ClaimPlan[] = [];
  const mine = [...w.templateClaims, ...(w.kind === "StatefulSet" ? ordinalClaims(w, ctx).map((c) => c.name) : [])];
  for (const c of mine) {
    const byPolicy = w.kind === "StatefulSet" && claimOrdinal(w, c) !== undefined && w.retention.whenDeleted === "Delete";
    const other = otherUser(w, c, ctx);
    if (byPolicy) {
      claims.push(plan(c, "deleted", "The claim retention policy whenDeleted=Delete deletes the set's claims with it.", ctx, "retention-policy"));
    } else if (other) {
      claims.push(plan(c, "stays", `Also used by ${other}, so it stays${deleteClaims ? " even though you chose to delete claims" : ""}.`, ctx));
    } else if (deleteClaims) {
      claims.push(plan(c, "deleted", "You chose to delete the workload's claims in the same step.", ctx, "you"));
    } else {
      claims.push(plan(c, "unused", "It stays, but nothing uses it any more: it will show up in the unused review.", ctx));
    }
  }
  return {
    mode: "delete",
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    from: w.replicas,
    to: 0,
    pods: podsOf(w, ctx),
    claims,
  };
}

/** Plain explanation of a retention rule, for the form and the workload page. */
export function retentionText(r: Retention): { whenDeleted: string; whenScaled: string } {
  return {
    whenDeleted:
      r.whenDeleted === "Delete"
        ? "Deleting the StatefulSet deletes every claim it created."
        : "Deleting the StatefulSet keeps its claims (and their data); they then show up in the unused review.",
    whenScaled:
      r.whenScaled === "Delete"
        ? "Scaling down deletes the claims of the removed pods (the highest ordinals first)."
        : "Scaling down keeps the removed pods' claims; scaling up again mounts them with their data.",
  };
}

import type { PodLike } from "./types";

/** What the classifier needs to know about pods, as lookups. */
export interface PodIndex {
  /** Claims referenced by a pod that is not finished: "ns/claim". */
  mounted: { has(key: string): boolean };
  /** Every pod that exists: "ns/name". */
  pods: { has(key: string): boolean };
  /** Generic ephemeral claims "ns/<pod>-<volume>" of existing pods. */
  ephemeral: { has(key: string): boolean };
}

const TERMINAL = new Set(["Succeeded", "Failed"]);

interface Contribution {
  mounted: string[];
  ephemeral: string[];
}

function contributionOf(p: PodLike): Contribution {
  const ns = p.metadata.namespace ?? "";
  const running = !TERMINAL.has(p.status?.phase ?? "");
  const out: Contribution = { mounted: [], ephemeral: [] };
  for (const v of p.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim?.claimName && running) out.mounted.push(`${ns}/${v.persistentVolumeClaim.claimName}`);
    if (v.ephemeral) {
      const key = `${ns}/${p.metadata.name}-${v.name}`;
      out.ephemeral.push(key);
      if (running) out.mounted.push(key);
    }
  }
  return out;
}

/**
 * The pod index kept up to date one watch event at a time (O(1) per pod change), so a big
 * cluster's review never walks every pod again. Pure: fed by whoever owns the informer.
 */
export class PodUsage implements PodIndex {
  readonly mounted = new Map<string, number>();
  readonly pods = new Set<string>();
  readonly ephemeral = new Set<string>();
  private readonly byPod = new Map<string, Contribution>();

  apply(type: "ADDED" | "MODIFIED" | "DELETED", pod: PodLike): void {
    const key = `${pod.metadata.namespace ?? ""}/${pod.metadata.name}`;
    const old = this.byPod.get(key);
    if (old) {
      for (const c of old.mounted) {
        const n = (this.mounted.get(c) ?? 1) - 1;
        if (n <= 0) this.mounted.delete(c);
        else this.mounted.set(c, n);
      }
      for (const e of old.ephemeral) this.ephemeral.delete(e);
    }
    if (type === "DELETED") {
      this.byPod.delete(key);
      this.pods.delete(key);
      return;
    }
    const now = contributionOf(pod);
    this.byPod.set(key, now);
    this.pods.add(key);
    for (const c of now.mounted) this.mounted.set(c, (this.mounted.get(c) ?? 0) + 1);
    for (const e of now.ephemeral) this.ephemeral.add(e);
  }

  static of(pods: PodLike[]): PodUsage {
    const u = new PodUsage();
    for (const p of pods) u.apply("ADDED", p);
    return u;
  }
}

import { byTime } from "./facts";
import type { FlowEvent, FlowPod, StepLink } from "./types";

// Why an object with a deletionTimestamp is still there: each finalizer names who must finish
// first. Plain words, the objects involved, and what to do. The portal never removes a
// finalizer itself: the hint always names who can.

export const PVC_PROTECTION = "kubernetes.io/pvc-protection";
export const PV_PROTECTION = "kubernetes.io/pv-protection";
export const EXTERNAL_PROVISIONER = "external-provisioner.volume.kubernetes.io/finalizer";
const SNAPSHOT_PREFIX = "snapshot.storage.kubernetes.io/";

export interface Holdup {
  finalizer: string;
  /** True when nothing will move on its own (e.g. a running pod), false while work is under way. */
  stuck: boolean;
  reason: string;
  hint: string;
  links?: StepLink[];
}

/** Where to look at a pod: its StatefulSet's page, else the pods list on the workloads page. */
export function podLink(p: Pick<FlowPod, "namespace" | "name" | "owner">): StepLink {
  const ns = encodeURIComponent(p.namespace);
  const href =
    p.owner?.kind === "StatefulSet"
      ? `/workloads/${ns}/statefulset/${encodeURIComponent(p.owner.name)}`
      : `/workloads#pod-${p.namespace}-${p.name}`;
  return { label: `pod ${p.name}`, href };
}

/** Pods that keep a claim in use: every pod mounting it that has not finished (pvc-protection's rule). */
export function podsHolding(pods: FlowPod[], claim: string): FlowPod[] {
  return pods.filter(
    (p) => p.claims.includes(claim) && p.phase !== "Succeeded" && p.phase !== "Failed",
  );
}

function lastWarning(events: FlowEvent[], kind: string, name: string): FlowEvent | undefined {
  return events
    .filter((e) => e.involved.kind === kind && e.involved.name === name && e.type === "Warning")
    .sort((a, b) => byTime(a.lastAt, b.lastAt))
    .at(-1);
}

function names(pods: FlowPod[]): string {
  return pods.map((p) => p.name).join(", ");
}

/** Why a claim that is being deleted is still there, finalizer by finalizer. */
export function claimHoldups(
  claim: { namespace: string; name: string; finalizers?: string[] | undefined },
  pods: FlowPod[],
  events: FlowEvent[],
): Holdup[] {
  const out: Holdup[] = [];
  for (const f of claim.finalizers ?? []) {
    if (f === PVC_PROTECTION) {
      const holding = podsHolding(pods, claim.name);
      const running = holding.filter((p) => !p.deleting);
      if (running.length) {
        out.push({
          finalizer: f,
          stuck: true,
          reason: `Stuck: used by pod ${names(running)}. Kubernetes keeps a claim while a pod uses it (${PVC_PROTECTION}).`,
          hint: "Stop the pod: scale its workload to 0 or delete the workload. The claim goes right after.",
          links: running.map(podLink),
        });
      } else if (holding.length) {
        out.push({
          finalizer: f,
          stuck: false,
          reason: `Waiting for pod ${names(holding)} to finish terminating; the claim goes right after (${PVC_PROTECTION}).`,
          hint: "Nothing to do: the node is stopping the pod.",
          links: holding.map(podLink),
        });
      } else {
        out.push({
          finalizer: f,
          stuck: false,
          reason: `No pod uses it any more; Kubernetes is removing its protection (${PVC_PROTECTION}).`,
          hint: "Nothing to do: this takes a moment.",
        });
      }
    } else if (f.startsWith(SNAPSHOT_PREFIX)) {
      out.push(snapshotHoldup(f, lastWarning(events, "PersistentVolumeClaim", claim.name)));
    } else {
      out.push(unknownHoldup(f));
    }
  }
  return out;
}

/** Why a volume that is being deleted (or should be) is still there. */
export function volumeHoldups(
  pv: {
    name: string;
    phase: string;
    finalizers?: string[] | undefined;
    claim?: { namespace: string; name: string } | undefined;
    provisionedBy?: string | undefined;
  },
  events: FlowEvent[],
): Holdup[] {
  const out: Holdup[] = [];
  const warning = lastWarning(events, "PersistentVolume", pv.name);
  for (const f of pv.finalizers ?? []) {
    if (f === PV_PROTECTION) {
      if (pv.phase === "Bound" && pv.claim) {
        const ref = `${pv.claim.namespace}/${pv.claim.name}`;
        out.push({
          finalizer: f,
          stuck: true,
          reason: `Stuck: claim ${ref} is still bound to it. Kubernetes keeps a volume while a claim is bound (${PV_PROTECTION}).`,
          hint: `Delete the claim ${ref} first (or wait for its deletion to finish).`,
          links: [
            {
              label: `claim ${ref}`,
              href: `/claims/${encodeURIComponent(pv.claim.namespace)}/${encodeURIComponent(pv.claim.name)}`,
            },
          ],
        });
      } else {
        out.push({
          finalizer: f,
          stuck: false,
          reason: `No claim is bound to it any more; Kubernetes is removing its protection (${PV_PROTECTION}).`,
          hint: "Nothing to do: this takes a moment.",
        });
      }
    } else if (f === EXTERNAL_PROVISIONER) {
      const driver = pv.provisionedBy ?? "the storage driver";
      out.push({
        finalizer: f,
        stuck: Boolean(warning),
        reason: `The driver ${driver} has not finished deleting the storage behind it (${EXTERNAL_PROVISIONER}).${warning ? ` Its last event: ${warning.reason}: ${warning.message}` : ""}`,
        hint: "If this lasts, tell the cluster admin: the driver must be running and able to reach its storage. Removing the finalizer by hand would leave the storage behind.",
      });
    } else if (f.startsWith(SNAPSHOT_PREFIX)) {
      out.push(snapshotHoldup(f, warning));
    } else {
      out.push(unknownHoldup(f));
    }
  }
  return out;
}

function snapshotHoldup(f: string, warning: FlowEvent | undefined): Holdup {
  return {
    finalizer: f,
    stuck: Boolean(warning),
    reason: `A volume snapshot uses it as its source; the snapshot controller keeps it until the snapshot is done (${f}).${warning ? ` Its last event: ${warning.reason}: ${warning.message}` : ""}`,
    hint: "Wait for the snapshot to finish, or delete the snapshot if you do not need it; if it lasts, tell the cluster admin.",
  };
}

function unknownHoldup(f: string): Holdup {
  return {
    finalizer: f,
    stuck: true,
    reason: `Held by the finalizer ${f}: whoever added it must finish and remove it.`,
    hint: "Ask the cluster admin which controller owns this finalizer; the portal never removes finalizers on its own.",
  };
}

/** The step a holdup list makes: the first stuck one wins, else the first under way. */
export function holdupStall(holdups: Holdup[]): Holdup | undefined {
  return holdups.find((h) => h.stuck) ?? holdups[0];
}

/** What removing a finalizer by hand can lose, for the admin's confirmation. */
export function finalizerRisk(f: string): string {
  if (f === PV_PROTECTION)
    return "Removing it deletes the volume object even if a claim is still bound and a pod still writes to it: the claim is left pointing at nothing (Lost).";
  if (f === PVC_PROTECTION)
    return "Removing it deletes the claim while a pod may still use it: the pod keeps running on a volume nobody tracks.";
  if (f === EXTERNAL_PROVISIONER)
    return "Removing it deletes the volume object before the driver deleted the storage: the disk and its data stay behind, unmanaged, until someone removes them on the storage system.";
  if (f.startsWith(SNAPSHOT_PREFIX))
    return "Removing it can break a snapshot still being taken from this volume, or leave snapshot data behind.";
  return `Removing it skips whatever the owner of ${f} had to finish first; check with that controller's owner.`;
}

import { volumeMatchesClaim } from "@/lib/storage/pv-matching";
import type { FlowClaim, FlowClass, FlowEvent, FlowVolume } from "./types";

// Why a step waits, in plain words, and what the person can do about it.

export interface Stall {
  reason: string;
  hint?: string;
}

export const NO_PROVISIONER = "kubernetes.io/no-provisioner";

export function noDefaultClass(): Stall {
  return {
    reason:
      "This claim names no storage class and the cluster has no default class, so nothing will create a volume for it.",
    hint: "Delete it and request again choosing a class, or ask the cluster admin to mark one class as the default.",
  };
}

export function classMissing(name: string): Stall {
  return {
    reason: `The storage class "${name}" does not exist, and no existing volume of that class matches.`,
    hint: "Request again with one of the classes listed on the request page, or ask the cluster admin to create this class.",
  };
}

/** Which fields differ between the claim and the volumes that could have served it. */
export function noVolumeMatches(claim: FlowClaim, volumes: FlowVolume[]): Stall {
  const wanted = claim.storageClass ?? "";
  if (claim.volumeName) {
    const pv = volumes.find((v) => v.name === claim.volumeName);
    if (!pv) {
      return {
        reason: `The claim asks for volume "${claim.volumeName}", which does not exist.`,
        hint: "Ask the cluster admin to create it, or delete the claim and pick an available volume.",
      };
    }
    const m = volumeMatchesClaim(pv, claim);
    if (!m.ok) {
      return {
        reason: `Volume "${pv.name}" cannot serve this claim: ${m.reasons.join("; ")}.`,
        hint: "Delete the claim and request again with values the volume offers, or pick another volume.",
      };
    }
  }
  const sameClass = volumes.filter((v) => v.storageClass === wanted && !v.claim);
  const candidates = (
    sameClass.length ? sameClass : volumes.filter((v) => v.phase === "Available")
  ).slice(0, 3);
  if (candidates.length === 0) {
    return {
      reason: `No volume of class "${wanted || "(none)"}" is available for this claim.`,
      hint: "Ask the cluster admin to create a matching volume, or request again with a storage class that provisions volumes.",
    };
  }
  const details = candidates.map((v) => {
    const m = volumeMatchesClaim(v, claim);
    return `${v.name}: ${m.ok ? "matches" : m.reasons.join(", ")}`;
  });
  return {
    reason: `No available volume matches this claim. ${details.join(". ")}.`,
    hint: "Request a size, access mode and class an available volume offers, or ask the cluster admin for a matching volume.",
  };
}

export function provisioningFailed(e: FlowEvent, cls: FlowClass | undefined): Stall {
  return {
    reason: `The provisioner${cls ? ` ${cls.provisioner}` : ""} could not create the volume: ${e.message}`,
    hint: "Check the class and size you asked for; if the message is about the storage backend, tell the cluster admin.",
  };
}

export function waitingForConsumer(): { reason: string } {
  return {
    reason:
      "This class creates the volume only once a pod uses the claim (WaitForFirstConsumer), so it lands on the pod's node.",
  };
}

/** Scheduler messages, reduced to their cause. */
export function schedulingFailed(message: string): Stall {
  if (/volume node affinity conflict|node\(s\) had volume node affinity/i.test(message)) {
    return {
      reason:
        "The pod cannot be placed on any node: its volume is tied to a node (volume node affinity) that the pod cannot run on.",
      hint: "Free up or fix that node, or ask the cluster admin for a volume on a node the pod can use.",
    };
  }
  if (
    /unbound immediate PersistentVolumeClaims|not found.*persistentvolumeclaim|persistentvolumeclaim ".*" not found/i.test(
      message,
    )
  ) {
    return {
      reason:
        "The pod waits for its claim: the claim is not bound to a volume yet (or does not exist).",
      hint: "See the claim's flow for why it is not bound.",
    };
  }
  if (/didn't find available persistent volumes to bind/i.test(message)) {
    return {
      reason: "No node has a volume that matches the pod's claim.",
      hint: "Ask the cluster admin for a matching volume, or use a class that provisions volumes.",
    };
  }
  return {
    reason: `The scheduler cannot place the pod: ${message}`,
    hint: "Check the pod's requests and the nodes' state.",
  };
}

export function mountFailed(message: string): Stall {
  return {
    reason: `The node could not mount the volume: ${message}`,
    hint: /not bound/i.test(message)
      ? "Wait for the claim to bind; the node retries on its own."
      : "The node retries on its own; if it keeps failing, tell the cluster admin.",
  };
}

export function quotaExceeded(message: string): Stall {
  return {
    reason: `The namespace's quota refused it: ${message}`,
    hint: "Ask for less, delete claims you no longer need, or ask the cluster admin for more quota.",
  };
}

export function expansionWaiting(e: FlowEvent | undefined): Stall {
  return {
    reason: e
      ? `The resize waits: ${e.message}`
      : "The resize was requested; Kubernetes has not expanded the volume yet.",
    hint: "Volumes of this kind cannot be grown by the cluster itself; ask the cluster admin.",
  };
}

import "server-only";
import { createSnapshot, waitForSnapshotReady } from "@/lib/k8s/volume-snapshots";
import { isK8sError } from "@/lib/k8s/errors";
import type { Identity } from "@/lib/k8s/identity";
import { buildVolumeSnapshot, keptSnapshotName, type VolumeSnapshotObject } from "@/lib/storage/snapshots";

// "Snapshot first": shared by the claim delete, the unused review and the workload delete.
// Not a "use server" module on purpose: these helpers must not be callable from a browser.

/** How long an action waits for the driver to finish a snapshot before it gives up (and deletes nothing). */
export const readyWaitMs = () => Number(process.env.BINDERY_KEEP_WAIT_MS ?? "") || 20_000;

export interface KeepRequest {
  namespace: string;
  claim: string;
  uid: string;
  className: string;
  storageClass: string | undefined;
  accessModes: string[];
}

/** The kept snapshot's object: annotated with who kept it, from which claim, until when. */
export function keptSnapshot(by: string, r: KeepRequest, until: string): VolumeSnapshotObject {
  return buildVolumeSnapshot({
    namespace: r.namespace,
    name: keptSnapshotName(r.claim, r.uid),
    claim: r.claim,
    className: r.className,
    source: { storageClass: r.storageClass, accessModes: r.accessModes },
    kept: { by, fromClaim: r.claim, until },
  });
}

/** Dry-runs every snapshot first, so a refusal for one creates none of them. */
export async function dryRunKept(id: Identity, bodies: VolumeSnapshotObject[]): Promise<void> {
  for (const b of bodies) {
    try {
      await createSnapshot(id, b, true);
    } catch (e) {
      // A retry finds the snapshot of the first attempt: it is used again.
      if (!(isK8sError(e) && e.kind === "already-exists")) throw e;
    }
  }
}

/**
 * Creates the kept snapshots as the person (reusing one left by an earlier attempt) and waits
 * until every one is ready to use. Returns the message to show when one is not: the caller
 * then deletes nothing.
 */
export async function keepAndWait(id: Identity, bodies: VolumeSnapshotObject[]): Promise<string | undefined> {
  for (const b of bodies) {
    try {
      await createSnapshot(id, b);
    } catch (e) {
      if (!(isK8sError(e) && e.kind === "already-exists")) throw e;
    }
  }
  const results = await Promise.all(bodies.map((b) => waitForSnapshotReady(b.metadata.namespace, b.metadata.name, readyWaitMs())));
  const bad = results.map((r, i) => ({ r, name: bodies[i]?.metadata.name ?? "" })).filter((x) => !x.r.ok);
  if (!bad.length) return undefined;
  return bad.map(({ r, name }) => `Snapshot ${name} is ${r.error ? `failing: ${r.error}` : "not ready yet"}`).join("; ");
}

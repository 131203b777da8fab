import "server-only";
import { createObject, deleteObject, readObject } from "./writes";
import { K8sError } from "./errors";
import { stripObject } from "./informer";
import type { Identity } from "./identity";
import type { ResourceKey } from "./resources";
import type { KubeObject } from "./types";

// "Replace" for cluster-scoped classes whose fields Kubernetes (or the snapshots and volumes
// made with them) will not let change in place: delete + create with the same name, as the
// person. Shared by StorageClasses and VolumeSnapshotClasses.

type Named = { metadata: { name: string; uid?: string; resourceVersion?: string; generateName?: string } };

/** The new object under a generated name, for a dry-run create that cannot clash with the old one. */
function probeOf<T extends Named>(next: T): T {
  const probe = { ...next, metadata: { ...next.metadata, generateName: "bindery-replace-check-" } };
  delete (probe.metadata as { name?: string }).name;
  delete probe.metadata.uid;
  delete probe.metadata.resourceVersion;
  return probe;
}

/** Both halves dry-run: the delete (pinned to what was edited) and the create of the new object. */
export async function dryRunRecreate<T extends Named>(key: ResourceKey, id: Identity, next: T, previous: { uid: string; resourceVersion: string }): Promise<void> {
  await deleteObject(key, next.metadata.name, { as: id, dryRun: true, preconditions: previous });
  await createObject(key, probeOf(next), { as: id, dryRun: true });
}

/**
 * Deletes the object the person edited (uid and resourceVersion) and creates `next` with the
 * same name. Both are dry-run first; if the create then fails, the old object is put back so
 * the cluster is never left without it.
 */
export async function recreate<T extends Named>(key: ResourceKey, id: Identity, next: T, previous: { uid: string; resourceVersion: string }): Promise<void> {
  const name = next.metadata.name;
  const old = await readObject<T & KubeObject>(key, name, { as: id });
  if (old.metadata.uid !== previous.uid || old.metadata.resourceVersion !== previous.resourceVersion) {
    throw new K8sError("conflict", 409, "Someone changed this class while you were editing. Reload to see the latest version.");
  }
  await dryRunRecreate(key, id, next, previous);
  await deleteObject(key, name, { as: id, preconditions: previous });
  const body = { ...next, metadata: { ...next.metadata } };
  delete body.metadata.uid;
  delete body.metadata.resourceVersion;
  try {
    await createObject(key, body, { as: id });
  } catch (e) {
    const back = stripObject(JSON.parse(JSON.stringify(old)) as T & KubeObject) as unknown as { metadata: Record<string, unknown> };
    for (const k of ["uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp"]) delete back.metadata[k];
    await createObject(key, back, { as: id }).catch(() => undefined);
    throw e;
  }
}

import "server-only";
import { cached, informer } from "./informers";
import { stripObject } from "./informer";
import { createObject, deleteObject, patchObject, readObject, replaceObject } from "./writes";
import { K8sError } from "./errors";
import { snapshotApiAvailable } from "./snapshot-api";
import { dryRunRecreate, recreate } from "./recreate";
import { toIso } from "./storage-classes";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { DEFAULT_SNAPSHOT_CLASS_ANNOTATION, otherDefaultsOfDriver } from "@/lib/storage/snapshots";
import { DESCRIPTION_ANNOTATION } from "@/lib/validations/storage-class";
import type { SnapshotClassObject } from "@/lib/validations/snapshot-class";

export interface SnapshotClassRow {
  name: string;
  uid: string;
  resourceVersion: string;
  driver: string;
  deletionPolicy: string;
  isDefault: boolean;
  description: string;
  parameters: Record<string, string>;
  createdAt: string | undefined;
}

type RawSnapshotClass = SnapshotClassObject & KubeObject;

export function toSnapshotClassRow(c: RawSnapshotClass): SnapshotClassRow {
  const ann = c.metadata.annotations ?? {};
  return {
    name: c.metadata.name,
    uid: c.metadata.uid ?? "",
    resourceVersion: c.metadata.resourceVersion ?? "",
    driver: c.driver,
    deletionPolicy: c.deletionPolicy,
    isDefault: ann[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] === "true",
    description: ann[DESCRIPTION_ANNOTATION] ?? "",
    parameters: c.parameters ?? {},
    createdAt: toIso(c.metadata.creationTimestamp),
  };
}

/** Every snapshot class (cluster-wide, readable by all roles); empty while the CRDs are missing. */
export async function listSnapshotClasses(): Promise<SnapshotClassRow[]> {
  if (!(await snapshotApiAvailable())) return [];
  const items = await cached<RawSnapshotClass>("volumesnapshotclasses");
  return items.map(toSnapshotClassRow).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getSnapshotClassObject(name: string): Promise<SnapshotClassObject | undefined> {
  if (!(await snapshotApiAvailable())) return undefined;
  const inf = informer<RawSnapshotClass>("volumesnapshotclasses");
  await inf.waitForSync();
  const c = inf.get(name);
  return c ? (stripObject(JSON.parse(JSON.stringify(c)) as RawSnapshotClass) as SnapshotClassObject) : undefined;
}

// ---- writes, as the signed-in person ----

export function createSnapshotClass(id: Identity, c: SnapshotClassObject, dryRun = false): Promise<SnapshotClassObject> {
  return createObject("volumesnapshotclasses", c, { as: id, dryRun });
}

export function updateSnapshotClass(id: Identity, c: SnapshotClassObject, dryRun = false): Promise<SnapshotClassObject> {
  if (!c.metadata.resourceVersion) throw new K8sError("invalid", 0, "The edit form lost the version it started from. Reload and try again.");
  return replaceObject("volumesnapshotclasses", c.metadata.name, c, { as: id, dryRun });
}

export function readSnapshotClass(id: Identity, name: string): Promise<SnapshotClassObject> {
  return readObject<SnapshotClassObject>("volumesnapshotclasses", name, { as: id });
}

export async function deleteSnapshotClass(id: Identity, name: string, uid: string, dryRun = false): Promise<void> {
  await deleteObject("volumesnapshotclasses", name, { as: id, dryRun, preconditions: { uid } });
}

/** Delete + create under the same name (driver or parameters changed); both dry-run first, the old class put back if the create fails. */
export async function replaceSnapshotClass(id: Identity, next: SnapshotClassObject, previous: { uid: string; resourceVersion: string }, dryRun = false): Promise<void> {
  await (dryRun ? dryRunRecreate : recreate)("volumesnapshotclasses", id, next, previous);
}

/**
 * Makes `name` the only default for its driver: the flag is removed from the driver's other
 * classes after `name` carries it (classes of other drivers keep theirs: one default per driver).
 */
export async function clearOtherSnapshotDefaults(id: Identity, name: string, driver: string): Promise<string[]> {
  const rows = (await cached<RawSnapshotClass>("volumesnapshotclasses")).map(toSnapshotClassRow);
  const cleared: string[] = [];
  for (const other of otherDefaultsOfDriver(rows, name, driver)) {
    try {
      await patchObject("volumesnapshotclasses", other, { metadata: { annotations: { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: null } } }, { as: id, type: "merge" });
      cleared.push(other);
    } catch (e) {
      if (!(e instanceof K8sError && e.kind === "not-found")) throw e;
    }
  }
  return cleared;
}

import "server-only";
import { dryRunRecreate, recreate } from "./recreate";
import type { V1StorageClass } from "@kubernetes/client-node";
import { cached, getOrRead, informer } from "./informers";
import { stripObject } from "./informer";
import { createObject, deleteObject, patchObject, readObject, replaceObject } from "./writes";
import { K8sError } from "./errors";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import {
  BETA_DEFAULT_CLASS_ANNOTATION,
  DEFAULT_CLASS_ANNOTATION,
  DESCRIPTION_ANNOTATION,
  isDefaultClass,
  type StorageClassObject,
} from "@/lib/validations/storage-class";

// The constants live with the form code (the browser needs them too); re-exported here.
export { DEFAULT_CLASS_ANNOTATION, DESCRIPTION_ANNOTATION };

export interface StorageClassRow {
  name: string;
  uid: string;
  resourceVersion: string;
  provisioner: string;
  reclaimPolicy: string;
  volumeBindingMode: string;
  allowVolumeExpansion: boolean;
  isDefault: boolean;
  description: string;
  parameters: Record<string, string>;
  mountOptions: string[];
  createdAt: string | undefined;
}

type RawClass = V1StorageClass & KubeObject;

export function toStorageClassRow(sc: RawClass): StorageClassRow {
  const ann = sc.metadata.annotations ?? {};
  return {
    name: sc.metadata.name,
    uid: sc.metadata.uid ?? "",
    resourceVersion: sc.metadata.resourceVersion ?? "",
    provisioner: sc.provisioner,
    reclaimPolicy: sc.reclaimPolicy ?? "Delete",
    volumeBindingMode: sc.volumeBindingMode ?? "Immediate",
    allowVolumeExpansion: sc.allowVolumeExpansion === true,
    isDefault: isDefaultClass(sc as StorageClassObject),
    description: ann[DESCRIPTION_ANNOTATION] ?? "",
    parameters: sc.parameters ?? {},
    mountOptions: sc.mountOptions ?? [],
    createdAt: toIso(sc.metadata.creationTimestamp),
  };
}

/** Storage classes are cluster-wide and readable by every signed-in role. */
export async function listStorageClasses(): Promise<StorageClassRow[]> {
  const items = await cached<RawClass>("storageclasses");
  return items.map(toStorageClassRow).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getStorageClass(name: string): Promise<StorageClassRow | undefined> {
  // Just created (e.g. a replace redirects here) and its watch event not yet in: read once.
  const sc = await getOrRead<RawClass>("storageclasses", name);
  return sc ? toStorageClassRow(sc) : undefined;
}

/** The cached object as plain JSON (for the edit form's base and YAML preview). */
export async function getStorageClassObject(name: string): Promise<StorageClassObject | undefined> {
  const inf = informer<RawClass>("storageclasses");
  await inf.waitForSync();
  const sc = inf.get(name);
  return sc ? plainClass(sc) : undefined;
}

function plainClass(sc: RawClass | StorageClassObject): StorageClassObject {
  const copy = JSON.parse(JSON.stringify(sc)) as StorageClassObject & KubeObject;
  return stripObject(copy) as StorageClassObject;
}

export function toIso(t: unknown): string | undefined {
  if (!t) return undefined;
  if (t instanceof Date) return t.toISOString();
  return String(t);
}

// ---- writes, always as the signed-in person ----

interface Opts {
  dryRun?: boolean;
}

export function createStorageClass(id: Identity, sc: StorageClassObject, opts: Opts = {}): Promise<StorageClassObject> {
  return createObject("storageclasses", sc, { as: id, dryRun: opts.dryRun });
}

/** In-place update; the body's resourceVersion makes a stale edit fail with 409. */
export function updateStorageClass(id: Identity, sc: StorageClassObject, opts: Opts = {}): Promise<StorageClassObject> {
  if (!sc.metadata.resourceVersion) throw new K8sError("invalid", 0, "The edit form lost the version it started from. Reload and try again.");
  return replaceObject("storageclasses", sc.metadata.name, sc, { as: id, dryRun: opts.dryRun });
}

export async function readStorageClass(id: Identity, name: string): Promise<StorageClassObject> {
  return plainClass(await readObject<StorageClassObject>("storageclasses", name, { as: id }));
}

/** Deletes only the exact object the person looked at (uid, and resourceVersion when given). */
export async function deleteStorageClass(
  id: Identity,
  name: string,
  preconditions: { uid: string; resourceVersion?: string },
  opts: Opts = {},
): Promise<void> {
  await deleteObject("storageclasses", name, { as: id, dryRun: opts.dryRun, preconditions });
}

/**
 * Delete + create with the same name, for changes Kubernetes refuses in place (both dry-run
 * first; the old class is put back if the create fails: lib/k8s/recreate.ts).
 */
export async function replaceStorageClass(id: Identity, next: StorageClassObject, previous: { uid: string; resourceVersion: string }): Promise<void> {
  await recreate("storageclasses", id, next, previous);
}

/** The replace's "Check": the delete and the create, both dry-run. */
export async function checkReplaceStorageClass(id: Identity, next: StorageClassObject, previous: { uid: string; resourceVersion: string }): Promise<void> {
  await dryRunRecreate("storageclasses", id, next, previous);
}

/**
 * Makes `name` the only default class: the flag is removed from every other class after
 * `name` carries it, so claims created meanwhile still get a class. Returns the classes that
 * lost the flag.
 */
export async function clearOtherDefaults(id: Identity, name: string): Promise<string[]> {
  const others = (await cached<RawClass>("storageclasses")).filter((sc) => sc.metadata.name !== name && isDefaultClass(sc as StorageClassObject));
  const patch = { metadata: { annotations: { [DEFAULT_CLASS_ANNOTATION]: null, [BETA_DEFAULT_CLASS_ANNOTATION]: null } } };
  const cleared: string[] = [];
  for (const sc of others) {
    try {
      await patchObject("storageclasses", sc.metadata.name, patch, { as: id, type: "merge" });
      cleared.push(sc.metadata.name);
    } catch (e) {
      if (!(e instanceof K8sError && e.kind === "not-found")) throw e;
    }
  }
  return cleared;
}

/** Names of the classes currently marked default (normally zero or one). */
export async function defaultClassNames(): Promise<string[]> {
  return (await listStorageClasses()).filter((c) => c.isDefault).map((c) => c.name);
}

import "server-only";
import { cached, informer } from "./informers";
import { visibleIn } from "./namespace-scope";
import { createObject, deleteObject } from "./writes";
import { snapshotApiAvailable } from "./snapshot-api";
import { toIso } from "./storage-classes";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import {
  KEEP_UNTIL_ANNOTATION,
  KEPT_BY_ANNOTATION,
  KEPT_FROM_ANNOTATION,
  SOURCE_ACCESS_MODES_ANNOTATION,
  SOURCE_CLASS_ANNOTATION,
  type VolumeSnapshotObject,
} from "@/lib/storage/snapshots";

export interface SnapshotRow {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  sourceClaim: string | undefined;
  className: string | undefined;
  boundContentName: string | undefined;
  readyToUse: boolean;
  restoreSize: string | undefined;
  /** When the driver cut it (status.creationTime). */
  creationTime: string | undefined;
  createdAt: string | undefined;
  error: { message: string; time: string | undefined } | undefined;
  deleting: boolean;
  kept: { by: string; fromClaim: string; until: string } | undefined;
  /** Restore defaults recorded when the snapshot was taken. */
  sourceStorageClass: string | undefined;
  sourceAccessModes: string[];
}

type RawSnapshot = KubeObject & {
  spec?: { volumeSnapshotClassName?: string; source?: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string } };
  status?: {
    boundVolumeSnapshotContentName?: string;
    readyToUse?: boolean;
    restoreSize?: string;
    creationTime?: string;
    error?: { message?: string; time?: string };
  };
};

export function toSnapshotRow(s: RawSnapshot): SnapshotRow {
  const ann = s.metadata.annotations ?? {};
  const keptBy = ann[KEPT_BY_ANNOTATION];
  return {
    namespace: s.metadata.namespace ?? "",
    name: s.metadata.name,
    uid: s.metadata.uid ?? "",
    resourceVersion: s.metadata.resourceVersion ?? "",
    sourceClaim: s.spec?.source?.persistentVolumeClaimName,
    className: s.spec?.volumeSnapshotClassName,
    boundContentName: s.status?.boundVolumeSnapshotContentName,
    readyToUse: s.status?.readyToUse === true,
    restoreSize: s.status?.restoreSize,
    creationTime: toIso(s.status?.creationTime),
    createdAt: toIso(s.metadata.creationTimestamp),
    error: s.status?.error?.message ? { message: s.status.error.message, time: toIso(s.status.error.time) } : undefined,
    deleting: Boolean(s.metadata.deletionTimestamp),
    kept: keptBy ? { by: keptBy, fromClaim: ann[KEPT_FROM_ANNOTATION] ?? "", until: ann[KEEP_UNTIL_ANNOTATION] ?? "" } : undefined,
    sourceStorageClass: ann[SOURCE_CLASS_ANNOTATION],
    sourceAccessModes: (ann[SOURCE_ACCESS_MODES_ANNOTATION] ?? "").split(",").filter(Boolean),
  };
}

/** Snapshots the person may list (optionally in one namespace); empty while the CRDs are missing. */
export async function listSnapshots(id: Identity, namespace?: string): Promise<SnapshotRow[]> {
  if (!(await snapshotApiAvailable())) return [];
  const all = await cached<RawSnapshot>("volumesnapshots");
  const mine = await visibleIn(id, all, "volumesnapshots", "snapshot.storage.k8s.io", namespace);
  return mine.map(toSnapshotRow).sort((a, b) => a.namespace.localeCompare(b.namespace) || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
}

export async function getSnapshot(id: Identity, namespace: string, name: string): Promise<SnapshotRow | undefined> {
  if (!(await snapshotApiAvailable())) return undefined;
  const inf = informer<RawSnapshot>("volumesnapshots");
  await inf.waitForSync();
  const s = inf.get(name, namespace);
  if (!s) return undefined;
  const [ok] = await visibleIn(id, [s], "volumesnapshots", "snapshot.storage.k8s.io", namespace);
  return ok ? toSnapshotRow(ok) : undefined;
}

/** Kept snapshots of every namespace (admin views: unused review, kept snapshots). */
export async function allKeptSnapshots(): Promise<SnapshotRow[]> {
  if (!(await snapshotApiAvailable())) return [];
  return (await cached<RawSnapshot>("volumesnapshots")).map(toSnapshotRow).filter((s) => s.kept);
}

export function createSnapshot(as: Identity, snap: VolumeSnapshotObject, dryRun = false): Promise<VolumeSnapshotObject> {
  return createObject("volumesnapshots", snap, { as, namespace: snap.metadata.namespace, dryRun });
}

/** Deletes exactly the snapshot that was shown (uid precondition), as the person. */
export async function deleteSnapshot(as: Identity, namespace: string, name: string, uid: string, dryRun = false): Promise<void> {
  await deleteObject("volumesnapshots", name, { as, namespace, dryRun, preconditions: { uid } });
}

/**
 * Waits (on the shared cache, no extra requests) until a snapshot is ready to use or reports
 * an error, up to timeoutMs.
 */
export async function waitForSnapshotReady(namespace: string, name: string, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  const inf = informer<RawSnapshot>("volumesnapshots");
  await inf.waitForSync();
  const check = () => {
    const s = inf.get(name, namespace);
    if (s?.status?.readyToUse === true) return { ok: true };
    if (s?.status?.error?.message) return { ok: false, error: s.status.error.message };
    return undefined;
  };
  const now = check();
  if (now) return now;
  return new Promise((resolve) => {
    const done = (r: { ok: boolean; error?: string }) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false }), timeoutMs);
    const unsubscribe = inf.subscribe((c) => {
      if (c.object.metadata.name !== name || c.object.metadata.namespace !== namespace) return;
      const r = check();
      if (r) done(r);
    });
  });
}

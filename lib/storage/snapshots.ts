/**
 * Snapshot, restore and clone: the objects Bindery sends and the plain-word facts it shows.
 * Pure (no I/O): the same builders feed the YAML preview, the dry-run and the real write.
 */

export const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
export const SNAPSHOT_API_VERSION = `${SNAPSHOT_GROUP}/v1`;
export const SNAPSHOT_KINDS = ["volumesnapshots", "volumesnapshotclasses", "volumesnapshotcontents"] as const;
export const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

/** "Kept" snapshots (taken before a delete): who kept it, from which claim, until when. */
export const KEPT_BY_ANNOTATION = "bindery.io/kept-by";
export const KEPT_FROM_ANNOTATION = "bindery.io/kept-from-claim";
export const KEEP_UNTIL_ANNOTATION = "bindery.io/keep-until";
export const KEPT_LABEL = "bindery.io/kept";
/** Restore defaults recorded on the snapshot: the source claim's class and access modes. */
export const SOURCE_CLASS_ANNOTATION = "bindery.io/source-storage-class";
export const SOURCE_ACCESS_MODES_ANNOTATION = "bindery.io/source-access-modes";

export const DELETION_POLICIES = ["Delete", "Retain"] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

/** What a snapshot class's deletionPolicy does to the data, in plain words. */
export function deletionPolicyText(policy: string): string {
  if (policy === "Retain") {
    return "Deleting a snapshot removes only the Kubernetes object: the copy stays on the storage system (as a VolumeSnapshotContent) until an admin removes it.";
  }
  return "Deleting a snapshot also deletes its copy on the storage system: the data in it is gone for good.";
}

/** Which snapshot kinds discovery lacks; an empty list means the snapshot API is usable. */
export function missingSnapshotKinds(discovered: { resources?: { name: string }[] } | undefined): string[] {
  const names = new Set((discovered?.resources ?? []).map((r) => r.name));
  return SNAPSHOT_KINDS.filter((k) => !names.has(k));
}

/** One line for pages when snapshots cannot be offered. */
export function snapshotUnavailableReason(missing: string[], drivers: string[]): string | undefined {
  if (missing.length) return `Snapshots are not available: this cluster lacks the VolumeSnapshot CRDs (${missing.join(", ")}). An admin installs them with the CSI snapshot controller.`;
  if (drivers.length === 0) return "Snapshots are not available: no CSI driver is registered in this cluster.";
  return undefined;
}

export interface SnapshotClassLike {
  name: string;
  driver: string;
  isDefault: boolean;
}

export function classesForDriver<T extends SnapshotClassLike>(classes: T[], driver: string | undefined): T[] {
  if (!driver) return [];
  return classes.filter((c) => c.driver === driver);
}

/** The class preselected for a claim: the driver's default, else its only class. */
export function defaultClassFor(classes: SnapshotClassLike[], driver: string | undefined): string | undefined {
  const mine = classesForDriver(classes, driver);
  const defaults = mine.filter((c) => c.isDefault);
  if (defaults.length === 1) return defaults[0]?.name;
  if (mine.length === 1) return mine[0]?.name;
  return undefined;
}

/** Drivers with more than one default snapshot class (the snapshot controller then refuses to pick). */
export function driversWithSeveralDefaults(classes: SnapshotClassLike[]): string[] {
  const count = new Map<string, number>();
  for (const c of classes) if (c.isDefault) count.set(c.driver, (count.get(c.driver) ?? 0) + 1);
  return [...count].filter(([, n]) => n > 1).map(([d]) => d).sort();
}

/** Other defaults of the same driver, to clear when `name` becomes the default. */
export function otherDefaultsOfDriver(classes: SnapshotClassLike[], name: string, driver: string): string[] {
  return classes.filter((c) => c.isDefault && c.driver === driver && c.name !== name).map((c) => c.name);
}

export interface Kept {
  by: string;
  fromClaim: string;
  /** ISO date (YYYY-MM-DD): the snapshot may be deleted after this day. */
  until: string;
}

export interface SnapshotInput {
  namespace: string;
  name: string;
  claim: string;
  className?: string;
  source?: { storageClass?: string; accessModes?: string[] };
  kept?: Kept;
}

export interface VolumeSnapshotObject {
  apiVersion: string;
  kind: "VolumeSnapshot";
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { volumeSnapshotClassName?: string; source: { persistentVolumeClaimName: string } };
}

export function buildVolumeSnapshot(input: SnapshotInput): VolumeSnapshotObject {
  const annotations: Record<string, string> = {};
  if (input.source?.storageClass) annotations[SOURCE_CLASS_ANNOTATION] = input.source.storageClass;
  if (input.source?.accessModes?.length) annotations[SOURCE_ACCESS_MODES_ANNOTATION] = input.source.accessModes.join(",");
  const labels: Record<string, string> = {};
  if (input.kept) {
    annotations[KEPT_BY_ANNOTATION] = input.kept.by;
    annotations[KEPT_FROM_ANNOTATION] = input.kept.fromClaim;
    annotations[KEEP_UNTIL_ANNOTATION] = input.kept.until;
    labels[KEPT_LABEL] = "true";
  }
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      ...(input.className ? { volumeSnapshotClassName: input.className } : {}),
      source: { persistentVolumeClaimName: input.claim },
    },
  };
}

export interface NewClaimInput {
  namespace: string;
  name: string;
  storageClass: string;
  size: string;
  accessModes: string[];
  volumeMode?: string;
}

export interface ClaimObject {
  apiVersion: "v1";
  kind: "PersistentVolumeClaim";
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec: {
    storageClassName: string;
    accessModes: string[];
    volumeMode?: string;
    resources: { requests: { storage: string } };
    dataSource: { apiGroup?: string; kind: string; name: string };
  };
}

function claimWithSource(input: NewClaimInput, dataSource: ClaimObject["spec"]["dataSource"]): ClaimObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: input.name, namespace: input.namespace },
    spec: {
      storageClassName: input.storageClass,
      accessModes: input.accessModes,
      ...(input.volumeMode ? { volumeMode: input.volumeMode } : {}),
      resources: { requests: { storage: input.size } },
      dataSource,
    },
  };
}

/** A new claim whose volume starts as a copy of the snapshot. */
export function buildRestoreClaim(input: NewClaimInput & { snapshot: string }): ClaimObject {
  return claimWithSource(input, { apiGroup: SNAPSHOT_GROUP, kind: "VolumeSnapshot", name: input.snapshot });
}

/** A new claim whose volume starts as a copy of another claim (same namespace, same class). */
export function buildCloneClaim(input: NewClaimInput & { source: string }): ClaimObject {
  return claimWithSource(input, { kind: "PersistentVolumeClaim", name: input.source });
}

/** Where a claim's data comes from, in words ("snapshot X" / "claim Y"), if it was restored or cloned. */
export function dataSourceText(ds: { kind?: string; name?: string } | undefined): string | undefined {
  if (!ds?.name) return undefined;
  if (ds.kind === "VolumeSnapshot") return `Its data comes from snapshot ${ds.name}.`;
  if (ds.kind === "PersistentVolumeClaim") return `Its data comes from claim ${ds.name} (a clone).`;
  return `Its data comes from ${ds.kind ?? "a source"} ${ds.name}.`;
}

/** A kept snapshot past its retention date (the day itself still counts as kept). */
export function isExpired(keepUntil: string | undefined, now: Date): boolean {
  if (!keepUntil || !/^\d{4}-\d{2}-\d{2}$/.test(keepUntil)) return false;
  return now.toISOString().slice(0, 10) > keepUntil;
}

/** The retention date `days` after `now`, as YYYY-MM-DD. */
export function retentionDate(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The CSI driver behind a claim: the provisioner annotation the controller set, else its class's. */
export function claimDriver(claim: { provisioner?: string | undefined; storageClass?: string | undefined }, classes: { name: string; provisioner: string }[]): string | undefined {
  return claim.provisioner ?? classes.find((c) => c.name === claim.storageClass)?.provisioner;
}

/** Name of the snapshot kept before a claim is deleted: stable per claim, so a retry reuses it. */
export function keptSnapshotName(claim: string, uid: string): string {
  return `${claim.slice(0, 200)}-kept-${uid.replace(/-/g, "").slice(0, 8)}`;
}

/** Days a kept snapshot is held by default (the admin's deployment setting), bounded to 1..3650. */
export function keepDays(env: Record<string, string | undefined>): number {
  const n = Number(env.BINDERY_KEPT_SNAPSHOT_DAYS ?? "30");
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : 30;
}

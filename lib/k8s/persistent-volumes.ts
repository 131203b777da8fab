import "server-only";
import type { V1PersistentVolume, V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { cached, cachedBy, informer } from "./informers";
import { toIso } from "./storage-classes";
import { toClaimRow, type ClaimRow } from "./persistent-volume-claims";
import { visible } from "./scope";
import { createObject, deleteObject, patchObject, readObject } from "./writes";
import { K8sError } from "./errors";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { volumeMatchesClaim, type LabelSelector, type MatchableClaim } from "@/lib/storage/pv-matching";
import { runQuery } from "@/lib/list/query";
import { volumeSpec } from "@/lib/list/specs";
import { VOLUME_SEARCH_PAGE, type VolumeSearch, type VolumeSearchResult } from "@/lib/validations/volume-search";
import type { PersistentVolumeObject } from "@/lib/validations/persistent-volume";

export interface PersistentVolumeRow {
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  capacity: string;
  accessModes: string[];
  volumeMode: string;
  reclaimPolicy: string;
  storageClass: string;
  claim: { namespace: string; name: string; uid: string | undefined } | undefined;
  source: { type: string; detail: string };
  mountOptions: string[];
  labels: Record<string, string>;
  nodeAffinity: string | undefined;
  reason: string | undefined;
  message: string | undefined;
  lastPhaseTransitionTime: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
  deletedAt?: string | undefined;
  finalizers: string[];
  /** Set by a provisioner for volumes it created (annotation pv.kubernetes.io/provisioned-by). */
  provisionedBy: string | undefined;
}

type RawPV = V1PersistentVolume & KubeObject;
type RawPVC = V1PersistentVolumeClaim & KubeObject;

function sourceOf(spec: NonNullable<V1PersistentVolume["spec"]>): { type: string; detail: string } {
  if (spec.hostPath) return { type: "hostPath", detail: spec.hostPath.path };
  if (spec.local) return { type: "local", detail: spec.local.path };
  if (spec.nfs) return { type: "nfs", detail: `${spec.nfs.server}:${spec.nfs.path}` };
  if (spec.csi) return { type: "csi", detail: `${spec.csi.driver} ${spec.csi.volumeHandle}` };
  return { type: "other", detail: "" };
}

export function toPersistentVolumeRow(pv: RawPV): PersistentVolumeRow {
  const spec = pv.spec ?? {};
  const ref = spec.claimRef;
  const terms = spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  const affinity = terms
    .flatMap((t) => t.matchExpressions ?? [])
    .map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join(",")}`)
    .join("; ");
  const ann = pv.metadata.annotations ?? {};
  return {
    name: pv.metadata.name,
    uid: pv.metadata.uid ?? "",
    resourceVersion: pv.metadata.resourceVersion ?? "",
    phase: pv.status?.phase ?? "Pending",
    capacity: spec.capacity?.storage ?? "",
    accessModes: spec.accessModes ?? [],
    volumeMode: spec.volumeMode ?? "Filesystem",
    reclaimPolicy: spec.persistentVolumeReclaimPolicy ?? "Retain",
    storageClass: spec.storageClassName ?? "",
    claim: ref?.name ? { namespace: ref.namespace ?? "", name: ref.name, uid: ref.uid } : undefined,
    source: sourceOf(spec),
    mountOptions: spec.mountOptions ?? [],
    labels: pv.metadata.labels ?? {},
    nodeAffinity: affinity || undefined,
    reason: pv.status?.reason,
    message: pv.status?.message,
    lastPhaseTransitionTime: toIso(pv.status?.lastPhaseTransitionTime),
    createdAt: toIso(pv.metadata.creationTimestamp),
    deleting: Boolean(pv.metadata.deletionTimestamp),
    deletedAt: toIso(pv.metadata.deletionTimestamp),
    finalizers: pv.metadata.finalizers ?? [],
    provisionedBy: ann["pv.kubernetes.io/provisioned-by"],
  };
}

/**
 * Rows of cached volumes, remembered per cached object (a change replaces the object, so a
 * stale row is never returned): the volume list's search and phase counts need every row, and
 * re-deriving 10k of them per request was most of its time. Read-only for callers.
 */
const rows = new WeakMap<RawPV, PersistentVolumeRow>();
function rowOf(pv: RawPV): PersistentVolumeRow {
  let r = rows.get(pv);
  if (!r) rows.set(pv, (r = toPersistentVolumeRow(pv)));
  return r;
}

export async function listPersistentVolumes(): Promise<PersistentVolumeRow[]> {
  const items = await cached<RawPV>("persistentvolumes");
  // Unsorted: lists sort on the server per request (lib/list), flows look volumes up.
  return items.map(rowOf);
}

export async function getPersistentVolume(name: string): Promise<PersistentVolumeRow | undefined> {
  const inf = informer<RawPV>("persistentvolumes");
  await inf.waitForSync();
  const pv = inf.get(name);
  return pv ? toPersistentVolumeRow(pv) : undefined;
}

// ---- match preview: claims as the binder sees them ----

export type MatchClaim = MatchableClaim & ClaimRow;

/**
 * Claims (all namespaces) with their label selectors, for binder-rule matching. The binder only
 * pairs equal class names, so a class narrows the cache before anything is converted.
 */
export async function claimsForMatching(storageClass?: string): Promise<MatchClaim[]> {
  const raw = await cached<RawPVC>("persistentvolumeclaims");
  const some = storageClass === undefined ? raw : raw.filter((c) => (c.spec?.storageClassName ?? "") === storageClass);
  return some.map((c) => ({ ...toClaimRow(c), selector: (c.spec?.selector as LabelSelector | undefined) ?? undefined }));
}

/** Volumes of one class name ("" = no class), from the cache's class index. */
export async function volumesOfClass(storageClass: string): Promise<PersistentVolumeRow[]> {
  return (await cachedBy<RawPV>("persistentvolumes", "class", storageClass)).map(toPersistentVolumeRow);
}

// ---- writes, always as the signed-in person ----

export function createPersistentVolume(id: Identity, pv: PersistentVolumeObject, opts: { dryRun?: boolean } = {}): Promise<RawPV> {
  return createObject("persistentvolumes", pv, { as: id, dryRun: opts.dryRun });
}

/**
 * "Make available again": drops the claimRef of a Released volume so the binder may give it
 * to a new claim. Pinned to the resourceVersion the person confirmed, and refused unless the
 * volume is still Released (the data of the old claim stays on it).
 */
export async function makeVolumeAvailable(id: Identity, name: string, expected: { uid: string; resourceVersion: string }, opts: { dryRun?: boolean } = {}): Promise<void> {
  const pv = await readObject<RawPV>("persistentvolumes", name, { as: id });
  if (pv.metadata.uid !== expected.uid) throw new K8sError("not-found", 404, "This volume was deleted and recreated meanwhile. Reload the list.");
  if (pv.status?.phase !== "Released") {
    throw new K8sError("conflict", 409, `The volume is ${pv.status?.phase ?? "in another phase"} now, not Released; nothing was changed.`);
  }
  const patch = { metadata: { uid: expected.uid, resourceVersion: expected.resourceVersion }, spec: { claimRef: null } };
  await patchObject("persistentvolumes", name, patch, { as: id, type: "merge", dryRun: opts.dryRun });
}

/** Deletes the exact volume the person confirmed. Finalizers are left to their controllers. */
export async function deletePersistentVolume(id: Identity, name: string, uid: string, opts: { dryRun?: boolean } = {}): Promise<void> {
  await deleteObject("persistentvolumes", name, { as: id, preconditions: { uid }, dryRun: opts.dryRun });
}

/**
 * Admin escape hatch for a volume stuck deleting: removes one finalizer of the exact volume
 * version the admin confirmed. Audited: a Warning event naming the person is recorded on the
 * volume before the finalizer goes (and nothing is removed if that record fails).
 */
export async function removeVolumeFinalizer(
  id: Identity,
  name: string,
  finalizer: string,
  expected: { uid: string; resourceVersion: string },
  opts: { dryRun?: boolean } = {},
): Promise<{ remaining: number }> {
  const pv = await readObject<RawPV>("persistentvolumes", name, { as: id });
  if (pv.metadata.uid !== expected.uid) throw new K8sError("not-found", 404, "This volume was deleted and recreated meanwhile; nothing was changed.");
  if (!pv.metadata.deletionTimestamp) throw new K8sError("conflict", 409, "The volume is not being deleted; its finalizers are doing their job.");
  const i = (pv.metadata.finalizers ?? []).indexOf(finalizer);
  if (i < 0) throw new K8sError("conflict", 409, `The finalizer ${finalizer} is no longer on the volume.`);
  // test ops: the patch applies only to this volume with this finalizer at this place.
  const patch = [
    { op: "test", path: "/metadata/uid", value: expected.uid },
    { op: "test", path: `/metadata/finalizers/${i}`, value: finalizer },
    { op: "remove", path: `/metadata/finalizers/${i}` },
  ];
  const remaining = (pv.metadata.finalizers ?? []).length - 1;
  // RBAC decides before freshness: someone who may not do this is told so, not asked to look again
  // (a deleting volume's status keeps changing while the controller works on it).
  await patchObject("persistentvolumes", name, patch, { as: id, type: "json", dryRun: true });
  if (pv.metadata.resourceVersion !== expected.resourceVersion)
    throw new K8sError("conflict", 409, "The volume changed since you opened this page; look again before removing anything.");
  if (opts.dryRun) return { remaining };
  const now = new Date().toISOString();
  await createObject(
    "events",
    {
      apiVersion: "v1",
      kind: "Event",
      metadata: { generateName: `${name}.finalizer-`, namespace: "default" },
      involvedObject: { apiVersion: "v1", kind: "PersistentVolume", name, uid: expected.uid },
      reason: "FinalizerRemoved",
      message: `${id.user} removed finalizer ${finalizer} through Bindery after confirming the warning.`,
      type: "Warning",
      source: { component: "bindery" },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    },
    { as: id, namespace: "default" },
  );
  await patchObject("persistentvolumes", name, patch, { as: id, type: "json" });
  return { remaining };
}

export interface NodeOption {
  name: string;
  /** The kubernetes.io/hostname label, which local volumes' node affinity matches on. */
  hostname: string;
  ready: boolean;
}

/** Nodes a local volume can be pinned to, from the shared cache. */
export async function nodeOptions(): Promise<NodeOption[]> {
  type RawNode = KubeObject & { status?: { conditions?: { type: string; status: string }[] } };
  const nodes = await cached<RawNode>("nodes");
  return nodes
    .map((n) => ({
      name: n.metadata.name,
      hostname: n.metadata.labels?.["kubernetes.io/hostname"] ?? n.metadata.name,
      ready: n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Volumes and claims that name a class (what a replace or delete of the class concerns).
 * Filtered on the raw cache first: clusters can hold tens of thousands of these.
 */
export async function classUsage(id: Identity, className: string): Promise<{ volumes: PersistentVolumeRow[]; claims: ClaimRow[] }> {
  const [volumes, raw] = await Promise.all([volumesOfClass(className), cached<RawPVC>("persistentvolumeclaims")]);
  const ofClass = await visible(id, raw.filter((c) => c.spec?.storageClassName === className), "persistentvolumeclaims");
  const claims = ofClass.map(toClaimRow).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  return { volumes: volumes.sort((a, b) => a.name.localeCompare(b.name)), claims };
}

/** How many volumes and (visible) claims name each class, in one pass over the cache. */
export async function usageByClass(id: Identity): Promise<Record<string, { volumes: number; claims: number }>> {
  const pvs = informer<RawPV>("persistentvolumes");
  const [, raw] = await Promise.all([pvs.waitForSync(), cached<RawPVC>("persistentvolumeclaims")]);
  const out: Record<string, { volumes: number; claims: number }> = {};
  const slot = (c: string) => (out[c] ??= { volumes: 0, claims: 0 });
  for (const c of pvs.indexValues("class")) if (c) slot(c).volumes = pvs.byIndex("class", c).length;
  for (const c of await visible(id, raw, "persistentvolumeclaims")) if (c.spec?.storageClassName) slot(c.spec.storageClassName).claims++;
  return out;
}

export interface VolumeQuery {
  phase?: string;
  /** Substring of the name, the (former) claim, the class or the source. */
  q?: string;
  storageClass?: string;
}

/**
 * The volume list as asked for: filtered, and Released volumes longest-released first (the
 * ones to look at when cleaning up), else by name. Phase counts ignore the phase filter.
 */
export function queryVolumes(all: PersistentVolumeRow[], query: VolumeQuery): { rows: PersistentVolumeRow[]; phaseCounts: Record<string, number> } {
  const q = query.q?.trim().toLowerCase();
  const base = all.filter((p) => {
    if (query.storageClass !== undefined && p.storageClass !== query.storageClass) return false;
    if (!q) return true;
    const hay = [p.name, p.storageClass, p.claim ? `${p.claim.namespace}/${p.claim.name}` : "", p.source.detail].join(" ").toLowerCase();
    return hay.includes(q);
  });
  const phaseCounts: Record<string, number> = {};
  for (const p of base) phaseCounts[p.phase] = (phaseCounts[p.phase] ?? 0) + 1;
  const rows = query.phase ? base.filter((p) => p.phase === query.phase) : base;
  if (query.phase === "Released") rows.sort((a, b) => (a.lastPhaseTransitionTime ?? "").localeCompare(b.lastPhaseTransitionTime ?? ""));
  return { rows, phaseCounts };
}

/**
 * Bob's volume picker: Available volumes that could serve the claim as typed (binder rules),
 * smallest fit first like the binder, a page at a time. Only the page leaves the server.
 */
export async function searchAvailableVolumes(s: VolumeSearch): Promise<VolumeSearchResult> {
  const available = (await availableVolumes()).map(toPersistentVolumeRow).filter((v) => !v.claim && !v.deleting);
  const claim = { namespace: "", name: "", requested: s.size, accessModes: [s.accessMode], volumeMode: s.volumeMode };
  const q = s.q.toLowerCase();
  const matching = available.filter(
    (v) =>
      (s.storageClass === undefined || v.storageClass === s.storageClass) &&
      (!q || v.name.includes(q) || v.storageClass.toLowerCase().includes(q)) &&
      volumeMatchesClaim(v, { ...claim, storageClass: v.storageClass }).ok,
  );
  const page = runQuery(matching, { q: "", sort: "capacity", dir: "asc", page: s.page, size: VOLUME_SEARCH_PAGE }, volumeSpec);
  const option = (v: PersistentVolumeRow) => ({ name: v.name, capacity: v.capacity, storageClass: v.storageClass, accessModes: v.accessModes, sourceType: v.source.type, reclaimPolicy: v.reclaimPolicy });
  const selected = s.selected ? matching.find((v) => v.name === s.selected) : undefined;
  return {
    items: page.items.map(option),
    selected: selected ? option(selected) : undefined,
    total: page.total,
    page: page.page,
    pages: page.pages,
    available: available.length,
  };
}

/** Volumes in phase Available, from the cache's phase index. */
function availableVolumes(): Promise<RawPV[]> {
  return cachedBy<RawPV>("persistentvolumes", "phase", "Available");
}

/**
 * The volumes a claim's flow looks at, from the cache's indexes instead of every volume: the
 * ones bound or reserved to it, and while it waits for a volume, those the binder could pick
 * (its class, and the Available ones the explanation compares against).
 */
export async function volumesForClaim(claim: Pick<ClaimRow, "namespace" | "name" | "volumeName" | "storageClass" | "phase">): Promise<PersistentVolumeRow[]> {
  const inf = informer<RawPV>("persistentvolumes");
  await inf.waitForSync();
  const found = new Set<RawPV>(inf.byIndex("claim", `${claim.namespace}/${claim.name}`));
  const named = claim.volumeName ? inf.get(claim.volumeName) : undefined;
  if (named) found.add(named);
  if (claim.phase !== "Bound") {
    for (const p of inf.byIndex("class", claim.storageClass ?? "")) found.add(p);
    for (const p of inf.byIndex("phase", "Available")) found.add(p);
  }
  return [...found].map(toPersistentVolumeRow);
}

/** Volumes bound or reserved to any of these claims of one namespace. */
export async function volumesForClaims(namespace: string, claims: string[]): Promise<PersistentVolumeRow[]> {
  const inf = informer<RawPV>("persistentvolumes");
  await inf.waitForSync();
  return claims.flatMap((c) => inf.byIndex("claim", `${namespace}/${c}`)).map(toPersistentVolumeRow);
}

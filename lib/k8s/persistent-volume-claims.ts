import "server-only";
import type { V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { cached, getOrRead } from "./informers";
import { toIso } from "./storage-classes";
import { listScope, personScope, scopeAllows, visible } from "./scope";
import { visibleIn } from "./namespace-scope";
import { createObject, deleteObject, patchObject } from "./writes";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import type { LabelSelector } from "@/lib/storage/pv-matching";
import type { ListPage, ListQuery } from "@/lib/list/query";
import { pageOfSorted, SortedView, type CachedListSpec } from "@/lib/list/sorted";
import { sortedCache } from "./sorted-query";
import type { ClaimSort } from "@/lib/list/specs";
import { matchesUsage, usageSortKey, type UsageFilter } from "@/lib/usage/filter";
import type { VolumeUsage } from "@/lib/usage/types";
import { parseQuantity } from "@/lib/quantity";

export interface ClaimCondition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
  lastTransitionTime: string | undefined;
}

export interface ClaimRow {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  phase: string;
  requested: string;
  capacity: string | undefined;
  storageClass: string | undefined;
  volumeName: string | undefined;
  accessModes: string[];
  volumeMode: string;
  selectedNode: string | undefined;
  provisioner: string | undefined;
  labels: Record<string, string>;
  selector: LabelSelector | undefined;
  conditions: ClaimCondition[];
  ownerKinds: string[];
  createdAt: string | undefined;
  deleting: boolean;
  deletedAt?: string | undefined;
  finalizers: string[];
  /** Annotation pv.kubernetes.io/bind-completed: the binder finished the bind. */
  bindCompleted: boolean;
  /** status.allocatedResourceStatuses.storage while a resize is under way. */
  resizeStatus: string | undefined;
}

type RawPVC = V1PersistentVolumeClaim & KubeObject;

export function toClaimRow(pvc: RawPVC): ClaimRow {
  const ann = pvc.metadata.annotations ?? {};
  return {
    namespace: pvc.metadata.namespace ?? "",
    name: pvc.metadata.name,
    uid: pvc.metadata.uid ?? "",
    resourceVersion: pvc.metadata.resourceVersion ?? "",
    phase: pvc.status?.phase ?? "Pending",
    requested: pvc.spec?.resources?.requests?.storage ?? "",
    capacity: pvc.status?.capacity?.storage,
    storageClass: pvc.spec?.storageClassName ?? undefined,
    volumeName: pvc.spec?.volumeName || undefined,
    accessModes: pvc.spec?.accessModes ?? [],
    volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
    selectedNode: ann["volume.kubernetes.io/selected-node"],
    provisioner: ann["volume.kubernetes.io/storage-provisioner"] ?? ann["volume.beta.kubernetes.io/storage-provisioner"],
    labels: pvc.metadata.labels ?? {},
    selector: pvc.spec?.selector
      ? {
          matchLabels: pvc.spec.selector.matchLabels,
          matchExpressions: pvc.spec.selector.matchExpressions?.map((e) => ({ key: e.key, operator: e.operator, values: e.values })),
        }
      : undefined,
    conditions: (pvc.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: toIso(c.lastTransitionTime),
    })),
    ownerKinds: (pvc.metadata.ownerReferences ?? []).map((o) => o.kind),
    createdAt: toIso(pvc.metadata.creationTimestamp),
    deleting: Boolean(pvc.metadata.deletionTimestamp),
    deletedAt: toIso(pvc.metadata.deletionTimestamp),
    finalizers: pvc.metadata.finalizers ?? [],
    bindCompleted: ann["pv.kubernetes.io/bind-completed"] === "yes",
    resizeStatus: pvc.status?.allocatedResourceStatuses?.storage,
  };
}

/** Claims the person may list, from the shared cache. */
export async function listClaims(id: Identity, namespace?: string): Promise<ClaimRow[]> {
  const all = await cached<RawPVC>("persistentvolumeclaims");
  const mine = await visible(id, all, "persistentvolumeclaims");
  return mine
    .filter((c) => !namespace || c.metadata.namespace === namespace)
    .map(toClaimRow)
    .sort(byNamespaceName);
}

/** Code-unit order (names are ASCII): far cheaper than localeCompare over 10k rows. */
function byNamespaceName(a: ClaimRow, b: ClaimRow): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export async function getClaim(id: Identity, namespace: string, name: string): Promise<ClaimRow | undefined> {
  const raw = await claimObject(id, namespace, name);
  return raw ? toClaimRow(raw) : undefined;
}

/**
 * The claim object as the person may see it: from the cache, or read once as the person when
 * it is too new to be cached (clone, restore and request forms redirect to it).
 */
export async function claimObject(id: Identity, namespace: string, name: string): Promise<RawPVC | undefined> {
  return getOrRead<RawPVC>("persistentvolumeclaims", name, {
    namespace,
    as: id,
    visible: async (pvc) => (await visibleIn(id, [pvc], "persistentvolumeclaims", "", namespace)).length > 0,
  });
}

/** Raw claims of all namespaces, for server-side logic that filters later (admin views). */
export async function allClaimRows(): Promise<ClaimRow[]> {
  return (await cached<RawPVC>("persistentvolumeclaims")).map(toClaimRow);
}

/** Creates a claim as the person; dryRun lets admission (quota, limits, validation) answer first. */
export function createClaim(as: Identity, namespace: string, body: object, dryRun = false): Promise<RawPVC> {
  return createObject<RawPVC>("persistentvolumeclaims", body as RawPVC, { as, namespace, dryRun });
}

/** Grows a claim: only spec.resources.requests.storage changes, as the person. */
export function expandClaim(as: Identity, namespace: string, name: string, size: string, dryRun = false): Promise<RawPVC> {
  return patchObject<RawPVC>("persistentvolumeclaims", name, { spec: { resources: { requests: { storage: size } } } }, { as, namespace, dryRun });
}

/** Deletes exactly the claim that was shown (uid precondition), as the person. */
export function deleteClaim(as: Identity, namespace: string, name: string, uid: string | undefined, dryRun = false): Promise<unknown> {
  return deleteObject("persistentvolumeclaims", name, { as, namespace, dryRun, preconditions: uid ? { uid } : undefined });
}

const rawClaimSpec: CachedListSpec<RawPVC, ClaimSort> = {
  name: "claims",
  text: (c) => `${c.metadata.namespace}/${c.metadata.name} ${c.spec?.storageClassName ?? ""} ${c.spec?.volumeName ?? ""} ${c.status?.phase ?? "Pending"}`,
  keys: {
    // The cache key is "namespace/name": no new string per claim.
    namespace: { key: (_c, id) => id },
    name: { key: (c) => c.metadata.name },
    phase: { key: (c) => c.status?.phase ?? "Pending" },
    size: { key: (c) => parseQuantity(c.status?.capacity?.storage ?? c.spec?.resources?.requests?.storage) },
    class: { key: (c) => c.spec?.storageClassName ?? undefined },
    volume: { key: (c) => c.spec?.volumeName || undefined },
    age: { key: (c) => -(Date.parse(String(c.metadata.creationTimestamp ?? "")) || 0) },
    usage: { key: () => undefined }, // per request from the usage snapshot (see queryClaims)
  },
};

/** Sort and filter by usage: the shared snapshot's figures, one Map lookup per claim. */
export interface ClaimUsageQuery {
  byClaim: ReadonlyMap<string, VolumeUsage>;
  filter?: UsageFilter;
}

export interface ClaimPage extends ListPage<ClaimRow> {
  /** Claims per phase before the phase filter (for the filter chips). */
  phaseCounts: Record<string, number>;
  /** Claims the person sees in these namespaces, before any filter. */
  all: number;
}

/**
 * One page of claims the person may list, in some namespaces or (undefined) all. Filters and
 * sorts the cached projections and converts only the page to rows.
 */
export async function queryClaims(id: Identity, namespaces: string[] | undefined, query: ListQuery<ClaimSort>, phase?: string, usage?: ClaimUsageQuery): Promise<ClaimPage> {
  // Which namespaces the person sees: answered once, then a set lookup per cached claim.
  let allowed: Set<string> | undefined;
  if (namespaces) {
    const scope = await personScope(id);
    allowed = new Set(namespaces.filter((ns) => scopeAllows(scope, "", "persistentvolumeclaims", ns)));
  } else {
    const scope = await listScope(id, "persistentvolumeclaims");
    if (!scope.all) allowed = new Set(scope.namespaces);
  }
  const mine = allowed ? (c: RawPVC) => allowed.has(c.metadata.namespace ?? "") : undefined;
  const figure = (c: RawPVC) => usage?.byClaim.get(`${c.metadata.namespace}/${c.metadata.name}`);
  const byUsage = query.sort === "usage";
  const kept = await sortedCache("persistentvolumeclaims", rawClaimSpec, byUsage ? "name" : query.sort);
  // Usage figures change with each refresh, not with the claims: that order is sorted per request.
  const entries = byUsage ? new SortedView<RawPVC>({ key: (c) => usageSortKey(figure(c)) }).get(() => kept.map((x) => [x.id, x.o])) : kept;
  const phaseCounts: Record<string, number> = {};
  let all = 0;
  for (const { o } of entries) {
    if (mine && !mine(o)) continue;
    all++;
    const p = o.status?.phase ?? "Pending";
    phaseCounts[p] = (phaseCounts[p] ?? 0) + 1;
  }
  const filter = usage?.filter;
  const keep =
    phase || filter || mine
      ? (c: RawPVC) => (!mine || mine(c)) && (!phase || (c.status?.phase ?? "Pending") === phase) && (!filter || matchesUsage(figure(c), filter))
      : undefined;
  const page = pageOfSorted(entries, { dir: query.dir, page: query.page, size: query.size, keep, q: query.q, text: rawClaimSpec.text });
  return { ...page, items: page.items.map(toClaimRow), phaseCounts, all };
}

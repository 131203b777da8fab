import "server-only";
import { listClaims } from "@/lib/k8s/persistent-volume-claims";
import { listPersistentVolumes } from "@/lib/k8s/persistent-volumes";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { listPods, type PodRow } from "@/lib/k8s/pods";
import { eventsForMany } from "@/lib/k8s/events";
import { attachmentsOfVolumes } from "@/lib/k8s/volume-attachments";
import { getWorkload, listWorkloads, type WorkloadRow } from "@/lib/k8s/workloads";
import type { Identity } from "@/lib/k8s/identity";
import type { TeardownPlan } from "@/lib/validations/workload-lifecycle";
import { deriveClaimDeletion, deriveTeardown, type DeletionFlow } from "./deletion";
import type { PreviewContext, PreviewWorkload } from "./scale-preview";
import type { OfferFacts } from "./snapshot-offer";
import { can } from "@/lib/k8s/access";
import { listCsiDrivers } from "@/lib/k8s/csi-drivers";
import { missingSnapshotApi } from "@/lib/k8s/snapshot-api";
import { listSnapshotClasses } from "@/lib/k8s/volume-snapshot-classes";
import { claimDriver } from "@/lib/storage/snapshots";
import type { FlowAttachment } from "./types";

// Gathers the facts for scale/delete previews and for following a teardown, from the shared
// caches as the person may see them, and hands them to the pure derivations.

export function toPreviewWorkload(w: WorkloadRow): PreviewWorkload {
  return {
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    replicas: w.replicas,
    templateClaims: w.templateClaims,
    claimTemplates: w.claimTemplates,
    retention: w.retention,
  };
}

/** "Kind/name" of the workload a pod belongs to (a Deployment's pods hang off ReplicaSets). */
function podWorkload(p: PodRow, workloads: WorkloadRow[]): string | undefined {
  const w = workloads.find((x) => p.owner && x.podOwners.includes(p.owner.name) && (p.owner.kind === "ReplicaSet" ? x.kind === "Deployment" : x.kind === p.owner.kind));
  return w ? `${w.kind}/${w.name}` : undefined;
}

export async function loadPreviewContext(id: Identity, w: WorkloadRow): Promise<PreviewContext> {
  const [claims, volumes, classes, pods, workloads] = await Promise.all([
    listClaims(id, w.namespace),
    listPersistentVolumes(),
    listStorageClasses(),
    listPods(id, w.namespace),
    listWorkloads(id, w.namespace),
  ]);
  const otherUsers: Record<string, string> = {};
  for (const o of workloads) {
    if (o.kind === w.kind && o.name === w.name) continue;
    for (const c of o.claims) otherUsers[c] ??= `${o.kind} ${o.name}`;
  }
  return {
    claims: claims.map((c) => ({ name: c.name, volumeName: c.volumeName, storageClass: c.storageClass })),
    volumes: volumes.map((v) => ({ name: v.name, reclaimPolicy: v.reclaimPolicy })),
    classes: classes.map((c) => ({ name: c.name, reclaimPolicy: c.reclaimPolicy })),
    pods: pods.filter((p) => !p.deleting).map((p) => ({ name: p.name, claims: p.claims, workload: podWorkload(p, workloads) })),
    otherUsers,
  };
}

/** What "snapshot first" needs to know in a namespace: API present, drivers, classes, claims, the person's right. */
export async function loadOfferFacts(id: Identity, namespace: string): Promise<OfferFacts> {
  const [missing, mayCreate] = await Promise.all([
    missingSnapshotApi(),
    can(id, { verb: "create", resource: "volumesnapshots", group: "snapshot.storage.k8s.io", namespace }),
  ]);
  if (missing.length || !mayCreate) return { available: false, drivers: [], classes: [], claims: [] };
  const [drivers, classes, storageClasses, claims] = await Promise.all([listCsiDrivers(), listSnapshotClasses(), listStorageClasses(), listClaims(id, namespace)]);
  return {
    available: true,
    drivers: drivers.map((d) => d.name),
    classes,
    claims: claims.map((c) => ({ name: c.name, uid: c.uid, phase: c.phase, deleting: c.deleting, driver: claimDriver(c, storageClasses) })),
  };
}

async function attachmentsFor(volumes: string[]): Promise<FlowAttachment[]> {
  return (await attachmentsOfVolumes(volumes)).map((va) => ({ node: va.node, attached: va.attached, error: va.detachError ?? va.attachError, createdAt: va.createdAt }));
}

export interface TeardownData {
  flow: DeletionFlow;
  workload: WorkloadRow | undefined;
}

/** Follows a scale-down or deletion, from the plan the confirm page showed. */
export async function loadTeardown(id: Identity, plan: TeardownPlan, now = Date.now()): Promise<TeardownData> {
  const ns = plan.namespace;
  const names = plan.claims.map((c) => c.claim);
  const vols = plan.claims.map((c) => c.volume).filter((v): v is string => Boolean(v));
  const [workload, pods, claims, volumes, attachments] = await Promise.all([
    getWorkload(id, ns, plan.kind, plan.name),
    listPods(id, ns),
    listClaims(id, ns),
    listPersistentVolumes(),
    attachmentsFor(vols),
  ]);
  const [claimEvents, volumeEvents] = await Promise.all([
    eventsForMany(id, names.map((name) => ({ kind: "PersistentVolumeClaim", name, namespace: ns })), ns),
    vols.length ? eventsForMany(id, vols.map((name) => ({ kind: "PersistentVolume", name }))) : [],
  ]);
  const events = [...claimEvents, ...volumeEvents];
  const flow = deriveTeardown({
    plan: { ...plan, claims: plan.claims.map((c) => ({ ...c, why: "", data: "", volume: c.volume, reclaimPolicy: c.reclaimPolicy })) },
    workload,
    pods: pods.filter((p) => plan.pods.includes(p.name)),
    claims: Object.fromEntries(claims.filter((c) => names.includes(c.name)).map((c) => [c.name, c])),
    volumes: Object.fromEntries(volumes.filter((v) => vols.includes(v.name)).map((v) => [v.name, v])),
    attachments,
    events,
    now,
  });
  return { flow, workload };
}

/** Follows one claim's deletion, also after the claim (and its volume) are gone. */
export async function loadClaimDeletion(
  id: Identity,
  namespace: string,
  name: string,
  remembered: { uid?: string | undefined; volumeName?: string | undefined; reclaimPolicy?: string | undefined },
  now = Date.now(),
): Promise<DeletionFlow & { exists: boolean }> {
  const [claims, volumes, pods] = await Promise.all([listClaims(id, namespace), listPersistentVolumes(), listPods(id, namespace)]);
  const found = claims.find((c) => c.name === name);
  // A claim recreated under the same name is another claim: this one is gone.
  const claim = found && (!remembered.uid || found.uid === remembered.uid) ? found : undefined;
  const volumeName = claim?.volumeName ?? remembered.volumeName;
  const pv = volumes.find((v) => v.name === volumeName);
  // A volume's events live in the default namespace (it has none): read them without the claim's.
  const [claimEvents, volumeEvents] = await Promise.all([
    eventsForMany(id, [{ kind: "PersistentVolumeClaim", name, namespace }], namespace),
    volumeName ? eventsForMany(id, [{ kind: "PersistentVolume", name: volumeName }]) : [],
  ]);
  const events = [...claimEvents, ...volumeEvents];
  const attachments = await attachmentsFor(volumeName ? [volumeName] : []);
  const flow = deriveClaimDeletion({
    namespace,
    name,
    claim,
    pv,
    volumeName,
    reclaimPolicy: pv?.reclaimPolicy ?? remembered.reclaimPolicy,
    pods: claim ? pods.filter((p) => p.claims.includes(name)) : [],
    events,
    attachment: attachments[0],
    now,
  });
  return { ...flow, exists: Boolean(claim) };
}

/** The workload a /workloads/[namespace]/[kind]/[name]/… page is about, as the person sees it. */
export async function workloadFromParams(
  id: Identity,
  p: { namespace: string; kind: string; name: string },
): Promise<WorkloadRow | undefined> {
  return getWorkload(id, decodeURIComponent(p.namespace), p.kind, decodeURIComponent(p.name));
}

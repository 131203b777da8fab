import "server-only";
import type { ResourceKey } from "./resources";
import type { KubeObject } from "./types";

// What the shared cache keeps of each object: only the fields that pages, flows and the unused
// review read, in the apiserver's own shape (so every `to*Row` and the pure modules keep
// working unchanged). Applied once per object at the informer boundary, before it is stored.
// Kinds not listed here are few per cluster and kept whole (managed fields stripped).
// No runtime imports: the memory benchmark loads this file directly in plain Node.

/* eslint-disable @typescript-eslint/no-explicit-any -- input is the apiserver's untyped JSON */
type Raw = any;
export type Projector = (o: Raw) => KubeObject;

/** Annotations a page or flow reads; every other annotation is dropped. */
const KEPT_ANNOTATIONS = [
  "pv.kubernetes.io/provisioned-by",
  "pv.kubernetes.io/bind-completed",
  "volume.kubernetes.io/selected-node",
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];

/** Repeated values (namespaces, phases, classes, node names…) share one string. */
const pool = new Map<string, string>();
function intern(s: string | undefined): string | undefined {
  if (s === undefined || s.length > 64) return s;
  let v = pool.get(s);
  if (v === undefined) {
    if (pool.size > 50_000) pool.clear();
    pool.set(s, s);
    v = s;
  }
  return v;
}

function compact<T extends object>(o: T): T | undefined {
  for (const v of Object.values(o)) if (v !== undefined) return o;
  return undefined;
}

function internMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!m) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(m)) {
    out[intern(k)!] = intern(v)!;
    any = true;
  }
  return any ? out : undefined;
}

function meta(m: Raw, opts: { labels?: boolean; annotations?: boolean; owners?: boolean } = {}): KubeObject["metadata"] {
  let annotations: Record<string, string> | undefined;
  if (opts.annotations && m.annotations) {
    for (const k of KEPT_ANNOTATIONS) if (m.annotations[k] !== undefined) (annotations ??= {})[k] = intern(m.annotations[k])!;
  }
  return {
    name: m.name,
    namespace: intern(m.namespace),
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    labels: opts.labels ? internMap(m.labels) : undefined,
    annotations,
    finalizers: m.finalizers?.length ? m.finalizers.map(intern) : undefined,
    ownerReferences: opts.owners && m.ownerReferences?.length
      ? m.ownerReferences.map((o: Raw) => ({ apiVersion: intern(o.apiVersion)!, kind: intern(o.kind)!, name: o.name, uid: o.uid, controller: o.controller }))
      : undefined,
  };
}

const condition = (c: Raw) => ({ type: intern(c.type), status: intern(c.status), reason: intern(c.reason), message: c.message, lastTransitionTime: c.lastTransitionTime });

export function projectPersistentVolume(o: Raw): KubeObject {
  const s = o.spec ?? {};
  const st = o.status ?? {};
  return {
    metadata: meta(o.metadata, { labels: true, annotations: true }),
    spec: {
      capacity: s.capacity?.storage !== undefined ? { storage: intern(s.capacity.storage) } : undefined,
      accessModes: s.accessModes?.map(intern),
      volumeMode: intern(s.volumeMode),
      persistentVolumeReclaimPolicy: intern(s.persistentVolumeReclaimPolicy),
      storageClassName: intern(s.storageClassName),
      claimRef: s.claimRef ? { kind: intern(s.claimRef.kind), namespace: intern(s.claimRef.namespace), name: s.claimRef.name, uid: s.claimRef.uid } : undefined,
      hostPath: s.hostPath ? { path: s.hostPath.path } : undefined,
      local: s.local ? { path: s.local.path } : undefined,
      nfs: s.nfs ? { server: s.nfs.server, path: s.nfs.path } : undefined,
      csi: s.csi ? { driver: intern(s.csi.driver), volumeHandle: s.csi.volumeHandle } : undefined,
      volumeAttributesClassName: intern(s.volumeAttributesClassName),
      mountOptions: s.mountOptions,
      nodeAffinity: s.nodeAffinity,
    },
    status: { phase: intern(st.phase), reason: st.reason, message: st.message, lastPhaseTransitionTime: st.lastPhaseTransitionTime },
  } as KubeObject;
}

export function projectClaim(o: Raw): KubeObject {
  const s = o.spec ?? {};
  const st = o.status ?? {};
  return {
    metadata: meta(o.metadata, { labels: true, annotations: true, owners: true }),
    spec: {
      accessModes: s.accessModes?.map(intern),
      resources: s.resources?.requests?.storage !== undefined ? { requests: { storage: intern(s.resources.requests.storage) } } : undefined,
      storageClassName: intern(s.storageClassName),
      volumeName: s.volumeName,
      volumeMode: intern(s.volumeMode),
      selector: s.selector,
      // Restore/clone origin and attribute class: the claim flow and the snapshot panel show them.
      dataSource: s.dataSource ? { apiGroup: intern(s.dataSource.apiGroup), kind: intern(s.dataSource.kind), name: s.dataSource.name } : undefined,
      dataSourceRef: s.dataSourceRef ? { apiGroup: intern(s.dataSourceRef.apiGroup), kind: intern(s.dataSourceRef.kind), name: s.dataSourceRef.name } : undefined,
      volumeAttributesClassName: intern(s.volumeAttributesClassName),
    },
    status: {
      phase: intern(st.phase),
      capacity: st.capacity?.storage !== undefined ? { storage: intern(st.capacity.storage) } : undefined,
      conditions: st.conditions?.length ? st.conditions.map(condition) : undefined,
      allocatedResourceStatuses: st.allocatedResourceStatuses?.storage ? { storage: st.allocatedResourceStatuses.storage } : undefined,
      currentVolumeAttributesClassName: intern(st.currentVolumeAttributesClassName),
      modifyVolumeStatus: st.modifyVolumeStatus ? { status: intern(st.modifyVolumeStatus.status), targetVolumeAttributesClassName: intern(st.modifyVolumeStatus.targetVolumeAttributesClassName) } : undefined,
    },
  } as KubeObject;
}

export function projectPod(o: Raw): KubeObject {
  const s = o.spec ?? {};
  const st = o.status ?? {};
  const volumes = (s.volumes ?? [])
    .filter((v: Raw) => v.persistentVolumeClaim || v.ephemeral)
    .map((v: Raw) => (v.persistentVolumeClaim ? { name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim.claimName } } : { name: v.name, ephemeral: {} }));
  const statuses = (st.containerStatuses ?? [])
    .map((c: Raw) =>
      compact({
        state: c.state?.running ? { running: { startedAt: c.state.running.startedAt } } : c.state?.waiting ? { waiting: { reason: intern(c.state.waiting.reason) } } : undefined,
      }),
    )
    .filter(Boolean);
  return {
    metadata: meta(o.metadata, { owners: true }),
    spec: {
      nodeName: intern(s.nodeName),
      volumes: volumes.length ? volumes : undefined,
      containers: (s.containers ?? []).map((c: Raw) => ({ name: c.name, image: intern(c.image) })),
    },
    status: {
      phase: intern(st.phase),
      conditions: st.conditions?.length ? st.conditions.map(condition) : undefined,
      containerStatuses: statuses.length ? statuses : undefined,
    },
  } as KubeObject;
}

export function projectEvent(o: Raw): KubeObject {
  const io = o.involvedObject ?? {};
  return {
    metadata: meta(o.metadata),
    involvedObject: { kind: intern(io.kind), name: io.name, namespace: intern(io.namespace), uid: io.uid },
    type: intern(o.type),
    reason: intern(o.reason),
    message: o.message,
    source: o.source?.component ? { component: intern(o.source.component) } : undefined,
    reportingComponent: intern(o.reportingComponent),
    count: o.count,
    firstTimestamp: o.firstTimestamp,
    lastTimestamp: o.lastTimestamp,
    eventTime: o.eventTime,
  } as KubeObject;
}

export function projectNamespace(o: Raw): KubeObject {
  return { metadata: meta(o.metadata, { labels: true }) };
}

/** A RoleBinding as the person scope reads it: where, and whom it names (never its rules). */
export function projectRoleBinding(o: Raw): KubeObject {
  const subjects = (o.subjects ?? []).map((s: Raw) => ({ kind: intern(s.kind), name: s.name }));
  return { metadata: meta(o.metadata), subjects } as KubeObject;
}

/** Index key of a RoleBinding subject; "?" for kinds the portal does not know (always asked). */
export function subjectKey(kind: string, name: string): string {
  return kind === "User" || kind === "Group" ? `${kind}:${name}` : "?";
}

export const PROJECTIONS: Partial<Record<ResourceKey, Projector>> = {
  persistentvolumes: projectPersistentVolume,
  persistentvolumeclaims: projectClaim,
  pods: projectPod,
  events: projectEvent,
  namespaces: projectNamespace,
  rolebindings: projectRoleBinding,
  clusterrolebindings: projectRoleBinding,
};

/** Lookups that would otherwise scan a whole type: index name -> values of one object. */
export type IndexFn = (o: Raw) => string[];

const claimsOfPod: IndexFn = (p) => {
  const ns = p.metadata.namespace ?? "";
  return (p.spec?.volumes ?? []).map((v: Raw) => (v.persistentVolumeClaim ? `${ns}/${v.persistentVolumeClaim.claimName}` : `${ns}/${p.metadata.name}-${v.name}`));
};

// People are never service accounts (their names cannot start with "system:"): not indexed.
const bindingSubjects: IndexFn = (b) => (b.subjects ?? []).filter((s: Raw) => s.kind !== "ServiceAccount").map((s: Raw) => subjectKey(s.kind, s.name));

export const INDEXES: Partial<Record<ResourceKey, Record<string, IndexFn>>> = {
  pods: { claim: claimsOfPod },
  persistentvolumeclaims: { volume: (c) => (c.spec?.volumeName ? [c.spec.volumeName] : []) },
  persistentvolumes: {
    claim: (p) => (p.spec?.claimRef?.name ? [`${p.spec.claimRef.namespace ?? ""}/${p.spec.claimRef.name}`] : []),
    phase: (p) => [p.status?.phase ?? "Pending"],
    class: (p) => [p.spec?.storageClassName ?? ""],
  },
  rolebindings: { subject: bindingSubjects },
  clusterrolebindings: { subject: bindingSubjects },
  events: { involved: (e) => [`${e.involvedObject?.kind ?? ""}/${e.involvedObject?.namespace ?? ""}/${e.involvedObject?.name ?? ""}`] },
};

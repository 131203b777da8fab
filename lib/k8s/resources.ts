/** The resource types the portal watches, keyed by a short name used in URLs and SSE topics. */
export interface ResourceType {
  key: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export const RESOURCES = {
  storageclasses: { key: "storageclasses", group: "storage.k8s.io", version: "v1", plural: "storageclasses", namespaced: false },
  persistentvolumes: { key: "persistentvolumes", group: "", version: "v1", plural: "persistentvolumes", namespaced: false },
  persistentvolumeclaims: { key: "persistentvolumeclaims", group: "", version: "v1", plural: "persistentvolumeclaims", namespaced: true },
  pods: { key: "pods", group: "", version: "v1", plural: "pods", namespaced: true },
  events: { key: "events", group: "", version: "v1", plural: "events", namespaced: true },
  nodes: { key: "nodes", group: "", version: "v1", plural: "nodes", namespaced: false },
  namespaces: { key: "namespaces", group: "", version: "v1", plural: "namespaces", namespaced: false },
  csidrivers: { key: "csidrivers", group: "storage.k8s.io", version: "v1", plural: "csidrivers", namespaced: false },
  volumeattachments: { key: "volumeattachments", group: "storage.k8s.io", version: "v1", plural: "volumeattachments", namespaced: false },
  resourcequotas: { key: "resourcequotas", group: "", version: "v1", plural: "resourcequotas", namespaced: true },
  limitranges: { key: "limitranges", group: "", version: "v1", plural: "limitranges", namespaced: true },
  deployments: { key: "deployments", group: "apps", version: "v1", plural: "deployments", namespaced: true },
  statefulsets: { key: "statefulsets", group: "apps", version: "v1", plural: "statefulsets", namespaced: true },
  daemonsets: { key: "daemonsets", group: "apps", version: "v1", plural: "daemonsets", namespaced: true },
  replicasets: { key: "replicasets", group: "apps", version: "v1", plural: "replicasets", namespaced: true },
  jobs: { key: "jobs", group: "batch", version: "v1", plural: "jobs", namespaced: true },
  cronjobs: { key: "cronjobs", group: "batch", version: "v1", plural: "cronjobs", namespaced: true },
  volumeattributesclasses: { key: "volumeattributesclasses", group: "storage.k8s.io", version: "v1", plural: "volumeattributesclasses", namespaced: false },
  csistoragecapacities: { key: "csistoragecapacities", group: "storage.k8s.io", version: "v1", plural: "csistoragecapacities", namespaced: true },
  // Only whom they name (subjects): the person scope asks the apiserver where and for whom it matters.
  rolebindings: { key: "rolebindings", group: "rbac.authorization.k8s.io", version: "v1", plural: "rolebindings", namespaced: true },
  clusterrolebindings: { key: "clusterrolebindings", group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterrolebindings", namespaced: false },
  // CRDs from external-snapshotter: read only after discovery says they exist (snapshot-api.ts).
  volumesnapshots: { key: "volumesnapshots", group: "snapshot.storage.k8s.io", version: "v1", plural: "volumesnapshots", namespaced: true },
  volumesnapshotclasses: { key: "volumesnapshotclasses", group: "snapshot.storage.k8s.io", version: "v1", plural: "volumesnapshotclasses", namespaced: false },
  volumesnapshotcontents: { key: "volumesnapshotcontents", group: "snapshot.storage.k8s.io", version: "v1", plural: "volumesnapshotcontents", namespaced: false },
} as const satisfies Record<string, ResourceType>;

export type ResourceKey = keyof typeof RESOURCES;

export function isResourceKey(s: string): s is ResourceKey {
  return Object.hasOwn(RESOURCES, s);
}

/** Collection path, optionally inside one namespace. */
export function collectionPath(rt: ResourceType, namespace?: string): string {
  const base = rt.group ? `/apis/${rt.group}/${rt.version}` : `/api/${rt.version}`;
  const ns = rt.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${rt.plural}`;
}

export function objectPath(rt: ResourceType, name: string, namespace?: string): string {
  return `${collectionPath(rt, namespace)}/${encodeURIComponent(name)}`;
}

import { describe, expect, it } from "vitest";
import { INDEXES, projectClaim, projectEvent, projectPersistentVolume, projectPod, projectRoleBinding } from "./projections";
import { toPodRow } from "./pods";
import { toClaimRow } from "./persistent-volume-claims";
import { toPersistentVolumeRow } from "./persistent-volumes";
import { toEventRow } from "./events";

// The cache keeps projections; every row the pages build must come out exactly as from the
// whole object, and the projection must be much smaller.

const meta = (name: string, ns?: string) => ({
  name,
  namespace: ns,
  uid: `uid-${name}`,
  resourceVersion: "42",
  creationTimestamp: "2026-11-30T10:00:00Z",
  labels: { app: "db", "bindery.io/keep": "true" },
  annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{...big...}", "pv.kubernetes.io/bind-completed": "yes", "volume.kubernetes.io/selected-node": "node-1", "pv.kubernetes.io/provisioned-by": "hostpath" },
  finalizers: ["kubernetes.io/pvc-protection"],
  ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "rs", controller: true }],
  managedFields: [{ manager: "kubectl", operation: "Update", fieldsV1: { "f:spec": {} } }],
});

const pod = {
  metadata: meta("web-1-abc", "team-a"),
  spec: {
    nodeName: "node-1",
    volumes: [
      { name: "data", persistentVolumeClaim: { claimName: "db" } },
      { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: "kube-api-access", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
    ],
    containers: [{ name: "app", image: "mysql:8", resources: {}, volumeMounts: [{ name: "data", mountPath: "/var/lib/mysql" }] }],
    tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists" }],
  },
  status: {
    phase: "Running",
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-11-30T10:01:00Z" }],
    containerStatuses: [{ name: "app", image: "mysql:8", imageID: "sha", ready: true, state: { running: { startedAt: "2026-11-30T10:00:30Z" } } }],
    podIP: "10.0.0.1",
  },
};

const claim = {
  metadata: meta("db", "team-a"),
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } }, storageClassName: "fast", volumeName: "pv-1", volumeMode: "Filesystem", selector: { matchLabels: { tier: "gold" } } },
  status: { phase: "Bound", capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"], conditions: [{ type: "Resizing", status: "True", lastTransitionTime: "2026-11-30T10:05:00Z" }], allocatedResourceStatuses: { storage: "ControllerResizeInProgress" } },
};

const pv = {
  metadata: meta("pv-1"),
  spec: {
    capacity: { storage: "5Gi" },
    accessModes: ["ReadWriteOnce"],
    volumeMode: "Filesystem",
    persistentVolumeReclaimPolicy: "Retain",
    storageClassName: "fast",
    claimRef: { kind: "PersistentVolumeClaim", namespace: "team-a", name: "db", uid: "uid-db", apiVersion: "v1", resourceVersion: "7" },
    csi: { driver: "hostpath.csi.k8s.io", volumeHandle: "h-1", volumeAttributes: { a: "b" } },
    mountOptions: ["noatime"],
    nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node-1"] }] }] } },
  },
  status: { phase: "Released", lastPhaseTransitionTime: "2026-11-30T11:00:00Z" },
};

const event = {
  metadata: meta("db.1", "team-a"),
  involvedObject: { kind: "PersistentVolumeClaim", name: "db", namespace: "team-a", uid: "uid-db", apiVersion: "v1", resourceVersion: "3" },
  type: "Warning",
  reason: "ProvisioningFailed",
  message: "storageclass not found",
  source: { component: "persistentvolume-controller", host: "x" },
  count: 3,
  firstTimestamp: "2026-11-30T10:00:00Z",
  lastTimestamp: "2026-11-30T10:02:00Z",
};

const clone = <T,>(o: T): T => structuredClone(o);
const size = (o: unknown) => JSON.stringify(o).length;

describe("projections keep what the rows read", () => {
  it("pods", () => {
    const p = projectPod(clone(pod));
    expect(toPodRow(p as never)).toEqual(toPodRow(clone(pod) as never));
    expect(size(p)).toBeLessThan(size(pod) / 2);
  });

  it("claims", () => {
    const p = projectClaim(clone(claim));
    expect(toClaimRow(p as never)).toEqual(toClaimRow(clone(claim) as never));
    expect(p.metadata.annotations).not.toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
  });

  it("volumes", () => {
    const p = projectPersistentVolume(clone(pv));
    expect(toPersistentVolumeRow(p as never)).toEqual(toPersistentVolumeRow(clone(pv) as never));
    expect(p.metadata.managedFields).toBeUndefined();
  });

  it("events", () => {
    const p = projectEvent(clone(event));
    expect(toEventRow(p as never)).toEqual(toEventRow(clone(event) as never));
  });

  it("pods without claims keep no volumes, and waiting containers keep their reason", () => {
    const waiting = { ...clone(pod), spec: { ...pod.spec, volumes: [pod.spec.volumes[2]] }, status: { phase: "Pending", containerStatuses: [{ name: "app", state: { waiting: { reason: "ImagePullBackOff", message: "x" } } }] } };
    const p = projectPod(waiting);
    expect(toPodRow(p as never)).toEqual(toPodRow(waiting as never));
    expect((p as unknown as { spec: { volumes?: unknown } }).spec.volumes).toBeUndefined();
  });
});

describe("role bindings", () => {
  const binding = {
    metadata: meta("dev", "team-a"),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
    subjects: [
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "bindery:team-a" },
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "oidc:bob" },
      { kind: "ServiceAccount", name: "builder", namespace: "team-a" },
      { kind: "Robot", name: "r2" },
    ],
  };

  it("keep only where and whom (never the role)", () => {
    const p = projectRoleBinding(binding) as unknown as Record<string, unknown>;
    expect(p.roleRef).toBeUndefined();
    expect(p.subjects).toEqual([
      { kind: "Group", name: "bindery:team-a" },
      { kind: "User", name: "oidc:bob" },
      { kind: "ServiceAccount", name: "builder" },
      { kind: "Robot", name: "r2" },
    ]);
  });

  it("are indexed by the people they name; unknown subject kinds under '?', service accounts not at all", () => {
    const keys = INDEXES.rolebindings!.subject!(projectRoleBinding(binding));
    expect(keys).toEqual(["Group:bindery:team-a", "User:oidc:bob", "?"]);
    expect(INDEXES.rolebindings!.subject!(projectRoleBinding({ metadata: meta("empty", "x") }))).toEqual([]);
  });
});

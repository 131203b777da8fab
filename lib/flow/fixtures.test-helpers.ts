import type { ClaimFlowInput, FlowClaim, FlowClass, FlowEvent, FlowPod, FlowVolume } from "./types";

// Hand-written objects shaped like the rows lib/k8s produces, at fixed times.

export const T0 = Date.parse("2026-03-01T10:00:00Z");
export const at = (s: number) => new Date(T0 + s * 1000).toISOString();

export const claim = (over: Partial<FlowClaim> = {}): FlowClaim => ({
  namespace: "team-a",
  name: "data",
  uid: "uid-data",
  phase: "Pending",
  requested: "20Gi",
  capacity: undefined,
  accessModes: ["ReadWriteOnce"],
  volumeMode: "Filesystem",
  storageClass: "ssd",
  volumeName: undefined,
  selectedNode: undefined,
  provisioner: undefined,
  bindCompleted: false,
  conditions: [],
  createdAt: at(0),
  deleting: false,
  ...over,
});

export const cls = (over: Partial<FlowClass> = {}): FlowClass => ({
  name: "ssd",
  provisioner: "kubernetes.io/host-path",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
  allowVolumeExpansion: true,
  isDefault: false,
  ...over,
});

export const pv = (over: Partial<FlowVolume> = {}): FlowVolume => ({
  name: "pvc-1234",
  phase: "Bound",
  capacity: "20Gi",
  accessModes: ["ReadWriteOnce"],
  volumeMode: "Filesystem",
  storageClass: "ssd",
  labels: {},
  claim: { namespace: "team-a", name: "data", uid: "uid-data" },
  reclaimPolicy: "Delete",
  source: { type: "hostPath", detail: "/tmp/hostpath_pv/1234" },
  lastPhaseTransitionTime: at(12),
  createdAt: at(11),
  ...over,
});

export const pod = (over: Partial<FlowPod> = {}): FlowPod => ({
  namespace: "team-a",
  name: "app-0",
  uid: "uid-pod",
  phase: "Pending",
  nodeName: undefined,
  claims: ["data"],
  owner: { kind: "StatefulSet", name: "app" },
  conditions: [],
  startedAt: undefined,
  createdAt: at(5),
  deleting: false,
  ...over,
});

export const runningPod = (over: Partial<FlowPod> = {}): FlowPod =>
  pod({
    phase: "Running",
    nodeName: "bindery-node-1",
    conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: at(13) }],
    startedAt: at(15),
    ...over,
  });

export const ev = (
  reason: string,
  kind: string,
  name: string,
  s: number,
  over: Partial<FlowEvent> = {},
): FlowEvent => ({
  type: /Failed|Warning/.test(reason) ? "Warning" : "Normal",
  reason,
  message: `${reason} message`,
  involved: { kind, name, namespace: "team-a" },
  source: "test",
  count: 1,
  firstAt: at(s),
  lastAt: at(s),
  ...over,
});

export const input = (over: Partial<ClaimFlowInput> = {}): ClaimFlowInput => ({
  claim: claim(),
  pv: undefined,
  storageClass: cls(),
  classes: [cls()],
  volumes: [],
  pods: [],
  events: [],
  now: T0 + 60_000,
  ...over,
});

import { describe, expect, it } from "vitest";
import { classify, DEFAULT_PENDING_MS, type Snapshot } from "./classify";
import type { EventLike, PodLike, PodVolumeLike, PVCLike, PVLike, StorageClassLike, WorkloadLike } from "./types";

// Objects shaped like the apiserver's JSON (what the shared informers hold).
const NOW = Date.parse("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();
let uid = 0;
const meta = (name: string, namespace?: string, extra: Partial<PVLike["metadata"]> = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `uid-${++uid}`,
  resourceVersion: String(1000 + uid),
  creationTimestamp: ago(30 * DAY),
  ...extra,
});

function pv(name: string, phase: string, o: { claim?: [string, string]; policy?: string; labels?: Record<string, string>; transition?: string; message?: string; created?: string } = {}): PVLike {
  return {
    metadata: meta(name, undefined, { labels: o.labels, creationTimestamp: o.created ?? ago(30 * DAY) }),
    spec: {
      capacity: { storage: "10Gi" },
      storageClassName: "fast",
      persistentVolumeReclaimPolicy: o.policy ?? "Retain",
      ...(o.claim ? { claimRef: { namespace: o.claim[0], name: o.claim[1], uid: "old-claim-uid" } } : {}),
    },
    status: { phase, ...(o.transition ? { lastPhaseTransitionTime: o.transition } : {}), ...(o.message ? { message: o.message } : {}) },
  };
}

function pvc(namespace: string, name: string, o: { phase?: string; volume?: string; labels?: Record<string, string>; owner?: string; created?: string; unusedSince?: string; cls?: string; deleting?: boolean } = {}): PVCLike {
  const phase = o.phase ?? "Bound";
  return {
    metadata: meta(name, namespace, {
      labels: o.labels,
      creationTimestamp: o.created ?? ago(20 * DAY),
      ...(o.owner ? { ownerReferences: [{ kind: "Pod", name: o.owner, uid: "pod-uid", controller: true }] } : {}),
      ...(o.deleting ? { deletionTimestamp: ago(1000) } : {}),
    }),
    spec: { storageClassName: o.cls ?? "fast", volumeName: phase === "Bound" ? o.volume ?? `pv-${name}` : undefined, resources: { requests: { storage: "5Gi" } } },
    status: {
      phase,
      ...(phase === "Bound" ? { capacity: { storage: "5Gi" } } : {}),
      ...(o.unusedSince ? { conditions: [{ type: "Unused", status: "True", reason: "NoPodsUsingPVC", lastTransitionTime: o.unusedSince }] } : {}),
    },
  };
}

function pod(namespace: string, name: string, volumes: PodVolumeLike[], phase = "Running"): PodLike {
  return { metadata: meta(name, namespace), spec: { volumes }, status: { phase } };
}

const claimVol = (claimName: string) => ({ name: "data", persistentVolumeClaim: { claimName } });
const tpl = (claim: string) => ({ spec: { volumes: [claimVol(claim)] } });

function snap(s: Partial<Snapshot>): Snapshot {
  return { pvs: [], claims: [], pods: [], workloads: [], events: [], classes: [], lastSeenMounted: new Map(), watchingSince: NOW - DAY, ...s };
}

const run = (s: Partial<Snapshot>, pendingThresholdMs = DEFAULT_PENDING_MS) => classify(snap(s), { now: NOW, pendingThresholdMs });
const ids = (s: Partial<Snapshot>) => run(s).findings.map((f) => f.id).sort();

describe("PersistentVolumes", () => {
  it("reports an Available volume nobody claimed, aged from its phase transition", () => {
    const { findings } = run({ pvs: [pv("spare", "Available", { transition: ago(3 * DAY) })] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: "pv:spare", reason: "pv-available", since: ago(3 * DAY), sinceSource: "phase-transition", bytes: 10 * 2 ** 30 });
    expect(findings[0]!.detail).toBe("Available and never claimed");
  });

  it("falls back to the creation time without lastPhaseTransitionTime", () => {
    const [f] = run({ pvs: [pv("old", "Available", { created: ago(40 * DAY) })] }).findings;
    expect(f).toMatchObject({ since: ago(40 * DAY), sinceSource: "created" });
  });

  it("does not report an Available volume pre-bound to a claim that exists", () => {
    const v = pv("reserved", "Available", { claim: ["team-a", "wants-it"] });
    expect(ids({ pvs: [v], claims: [pvc("team-a", "wants-it", { phase: "Pending" })] })).not.toContain("pv:reserved");
  });

  it("reports an Available volume reserved for a claim that does not exist", () => {
    const [f] = run({ pvs: [pv("reserved", "Available", { claim: ["team-a", "gone"] })] }).findings;
    expect(f?.detail).toContain("reserved for claim team-a/gone, which does not exist");
  });

  it("reports a Released volume with how long and its former claim", () => {
    const [f] = run({ pvs: [pv("old-data", "Released", { claim: ["team-a", "db"], transition: ago(5 * DAY) })] }).findings;
    expect(f).toMatchObject({ reason: "pv-released", since: ago(5 * DAY), sinceSource: "phase-transition", formerClaim: "team-a/db", reclaimPolicy: "Retain" });
    expect(f!.detail).toBe("Released; was bound to team-a/db");
  });

  it("reports a Failed volume with the status message and the latest warning event", () => {
    const events: EventLike[] = [
      { metadata: meta("e1", "default"), involvedObject: { kind: "PersistentVolume", name: "broken" }, type: "Warning", reason: "VolumeFailedDelete", message: "old failure", lastTimestamp: ago(2 * DAY) },
      { metadata: meta("e2", "default"), involvedObject: { kind: "PersistentVolume", name: "broken" }, type: "Warning", reason: "VolumeFailedDelete", message: "host path not allowed", lastTimestamp: ago(DAY) },
      { metadata: meta("e3", "default"), involvedObject: { kind: "PersistentVolume", name: "broken" }, type: "Normal", reason: "Other", message: "noise", lastTimestamp: ago(1000) },
    ];
    const [f] = run({ pvs: [pv("broken", "Failed", { policy: "Delete", message: "Error deleting volume" })], events }).findings;
    expect(f?.reason).toBe("pv-failed");
    expect(f?.detail).toBe("Failed: Error deleting volume — VolumeFailedDelete: host path not allowed");
  });

  it("never reports Bound or terminating volumes", () => {
    const terminating = pv("going", "Released");
    terminating.metadata.deletionTimestamp = ago(10);
    expect(ids({ pvs: [pv("used", "Bound", { claim: ["team-a", "x"] }), terminating] })).toEqual([]);
  });
});

describe("Claims nobody uses", () => {
  const volume = pv("pv-idle", "Bound", { claim: ["team-a", "idle"], policy: "Delete" });

  it("reports a Bound claim no pod mounts and no workload references, with its volume's fate", () => {
    const [f] = run({ claims: [pvc("team-a", "idle")], pvs: [volume] }).findings;
    expect(f).toMatchObject({ id: "pvc:team-a/idle", reason: "claim-unmounted", volumeName: "pv-idle", reclaimPolicy: "Delete", capacity: "10Gi" });
  });

  it("takes the unused-since time from the cluster's Unused condition first", () => {
    const [f] = run({ claims: [pvc("team-a", "idle", { unusedSince: ago(7 * DAY) })], lastSeenMounted: new Map([["team-a/idle", NOW - DAY]]) }).findings;
    expect(f).toMatchObject({ since: ago(7 * DAY), sinceSource: "cluster-condition" });
  });

  it("ignores an Unused condition that says the claim is in use (status False)", () => {
    const c = pvc("team-a", "idle");
    c.status!.conditions = [{ type: "Unused", status: "False", lastTransitionTime: ago(2 * DAY) }];
    const [f] = run({ claims: [c], lastSeenMounted: new Map([["team-a/idle", NOW - 3600_000]]) }).findings;
    expect(f).toMatchObject({ since: ago(3600_000), sinceSource: "portal-last-seen" });
  });

  it("otherwise says 'not seen mounted since the portal started', or since creation if newer", () => {
    const [old] = run({ claims: [pvc("team-a", "old")] }).findings;
    expect(old).toMatchObject({ since: ago(DAY), sinceSource: "portal-start" });
    const [fresh] = run({ claims: [pvc("team-a", "fresh", { created: ago(3600_000) })] }).findings;
    expect(fresh).toMatchObject({ since: ago(3600_000), sinceSource: "created" });
  });

  it("does not report a claim mounted by a running or pending pod", () => {
    expect(ids({ claims: [pvc("team-a", "used")], pods: [pod("team-a", "web-0", [claimVol("used")])] })).toEqual([]);
    expect(ids({ claims: [pvc("team-a", "used")], pods: [pod("team-a", "web-0", [claimVol("used")], "Pending")] })).toEqual([]);
  });

  it("does report a claim only a finished pod referenced, or a pod in another namespace", () => {
    const pods = [pod("team-a", "done", [claimVol("c")], "Succeeded"), pod("team-b", "other", [claimVol("c")])];
    expect(ids({ claims: [pvc("team-a", "c")], pods })).toEqual(["pvc:team-a/c"]);
  });

  it.each<[string, WorkloadLike]>([
    ["Deployment", { kind: "Deployment", metadata: meta("web", "team-a"), spec: { replicas: 0, template: tpl("c") } }],
    ["StatefulSet", { kind: "StatefulSet", metadata: meta("db", "team-a"), spec: { replicas: 0, template: tpl("c") } }],
    ["DaemonSet", { kind: "DaemonSet", metadata: meta("agent", "team-a"), spec: { template: tpl("c") } }],
    ["Job", { kind: "Job", metadata: meta("batch", "team-a"), spec: { template: tpl("c") } }],
    ["CronJob", { kind: "CronJob", metadata: meta("nightly", "team-a"), spec: { jobTemplate: { spec: { template: tpl("c") } } } }],
    ["ReplicaSet", { kind: "ReplicaSet", metadata: meta("web-abc", "team-a"), spec: { replicas: 0, template: tpl("c") } }],
  ])("does not report a claim a %s template references", (_k, w) => {
    expect(ids({ claims: [pvc("team-a", "c")], workloads: [w] })).toEqual([]);
  });

  it("does not report a template reference from another namespace as a use", () => {
    const w: WorkloadLike = { kind: "Deployment", metadata: meta("web", "team-b"), spec: { template: tpl("c") } };
    expect(ids({ claims: [pvc("team-a", "c")], workloads: [w] })).toEqual(["pvc:team-a/c"]);
  });

  it("does not report ordinal claims of a StatefulSet scaled to 0, but does report look-alikes", () => {
    const sts: WorkloadLike = { kind: "StatefulSet", metadata: meta("db", "team-a"), spec: { replicas: 0, volumeClaimTemplates: [{ metadata: { name: "data" } }] } };
    const claims = [pvc("team-a", "data-db-0"), pvc("team-a", "data-db-7"), pvc("team-a", "data-db-x"), pvc("team-a", "data-dbz-0"), pvc("team-b", "data-db-0")];
    expect(ids({ claims, workloads: [sts] })).toEqual(["pvc:team-a/data-db-x", "pvc:team-a/data-dbz-0", "pvc:team-b/data-db-0"]);
  });

  it("never reports a claim owned by a pod that exists, even a finished one", () => {
    const owner = pod("team-a", "runner", [], "Succeeded");
    expect(ids({ claims: [pvc("team-a", "runner-scratch", { owner: "runner" })], pods: [owner] })).toEqual([]);
  });

  it("reports an ephemeral claim whose owning pod is gone", () => {
    expect(ids({ claims: [pvc("team-a", "runner-scratch", { owner: "runner" })] })).toEqual(["pvc:team-a/runner-scratch"]);
  });

  it("never reports a generic ephemeral claim <pod>-<volume> while its pod exists", () => {
    const p = pod("team-a", "job-x", [{ name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } }], "Failed");
    expect(ids({ claims: [pvc("team-a", "job-x-scratch")], pods: [p] })).toEqual([]);
  });

  it("skips claims already being deleted and Lost claims", () => {
    expect(ids({ claims: [pvc("team-a", "going", { deleting: true }), pvc("team-a", "lost", { phase: "Lost" })] })).toEqual([]);
  });
});

describe("Pending claims", () => {
  const classes: StorageClassLike[] = [{ metadata: meta("wffc"), provisioner: "kubernetes.io/host-path", volumeBindingMode: "WaitForFirstConsumer" }];

  it("reports a claim pending longer than the threshold with its latest event", () => {
    const events: EventLike[] = [
      { metadata: meta("e", "team-a"), involvedObject: { kind: "PersistentVolumeClaim", namespace: "team-a", name: "stuck" }, type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set", lastTimestamp: ago(60_000) },
    ];
    const [f] = run({ claims: [pvc("team-a", "stuck", { phase: "Pending", created: ago(2 * 3600_000), cls: "" })], events }).findings;
    expect(f).toMatchObject({ reason: "claim-pending", bytes: 0, capacity: "5Gi", sinceSource: "created", since: ago(2 * 3600_000) });
    expect(f!.detail).toBe("Pending: FailedBinding: no persistent volumes available for this claim and no storage class is set");
  });

  it("explains a missing class or a class waiting for a consumer when there is no event", () => {
    const claims = [pvc("team-a", "nocls", { phase: "Pending", cls: "gone", created: ago(DAY) }), pvc("team-a", "wait", { phase: "Pending", cls: "wffc", created: ago(DAY) })];
    const byId = Object.fromEntries(run({ claims, classes }).findings.map((f) => [f.id, f.detail]));
    expect(byId["pvc:team-a/nocls"]).toBe('Pending: StorageClass "gone" does not exist');
    expect(byId["pvc:team-a/wait"]).toBe("Pending: Waits for a first consumer, and no pod or workload uses it");
  });

  it("honours the threshold: younger pending claims are normal", () => {
    const claims = [pvc("team-a", "young", { phase: "Pending", created: ago(30 * 60_000) })];
    expect(run({ claims }).findings).toEqual([]);
    expect(run({ claims }, 10 * 60_000).findings.map((f) => f.id)).toEqual(["pvc:team-a/young"]);
  });

  it("does not report a pending claim a pod is waiting for", () => {
    const claims = [pvc("team-a", "wanted", { phase: "Pending", cls: "wffc", created: ago(DAY) })];
    expect(ids({ claims, classes, pods: [pod("team-a", "app", [claimVol("wanted")], "Pending")] })).toEqual([]);
  });
});

describe("Keep label", () => {
  it("moves labelled volumes and claims to the kept list with the reason", () => {
    const keep = { "bindery.io/keep": "true" };
    const r = run({
      pvs: [pv("kept-pv", "Released", { labels: keep }), pv("pv-c2", "Bound", { labels: keep })],
      claims: [pvc("team-a", "kept-claim", { labels: keep }), pvc("team-a", "c2", { volume: "pv-c2" }), pvc("team-a", "not-kept", { labels: { "bindery.io/keep": "false" } })],
    });
    expect(r.findings.map((f) => f.id)).toEqual(["pvc:team-a/not-kept"]);
    const kept = Object.fromEntries(r.kept.map((k) => [k.id, k.keptBecause]));
    expect(kept).toEqual({
      "pv:kept-pv": "Volume is labelled bindery.io/keep=true",
      "pvc:team-a/kept-claim": "Claim is labelled bindery.io/keep=true",
      "pvc:team-a/c2": "Its volume pv-c2 is labelled bindery.io/keep=true",
    });
  });

  it("does not list used objects as kept", () => {
    const keep = { "bindery.io/keep": "true" };
    const r = run({ claims: [pvc("team-a", "used", { labels: keep })], pods: [pod("team-a", "p", [claimVol("used")])] });
    expect(r).toEqual({ findings: [], kept: [] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { john, uniq, waitFor } from "./support";
import { kube, kubeCreate, kubeDelete } from "@/e2e/support/kube";
import { currentReview } from "@/lib/unused/review";
import { previewCleanup, runCleanup } from "@/lib/k8s/cleanup";
import { reviewToken } from "@/lib/k8s/token-review";
import { GET as exportRoute } from "@/app/api/unused/route";
import type { Finding } from "@/lib/unused/types";

// The review, the cleanup and the token-authenticated export against the real cluster.
// Arrangement is done as the cluster admin; the code under test uses the portal's identity
// and acts as john.

const s = uniq("iu").slice(3);
const NS = "team-a";
const CLASS = `it-unused-none-${s}`; // no such StorageClass: nothing binds or provisions by accident
const names = {
  released: `it-unused-rel-${s}`,
  available: `it-unused-avail-${s}`,
  keptPv: `it-unused-kept-${s}`,
  failed: `it-unused-fail-${s}`,
  idle: `it-unused-idle-${s}`,
  idlePv: `it-unused-idle-pv-${s}`,
  retained: `it-unused-ret-${s}`,
  retainedPv: `it-unused-ret-pv-${s}`,
  mounted: `it-unused-mnt-${s}`,
  mountedPv: `it-unused-mnt-pv-${s}`,
  byDeploy: `it-unused-dep-${s}`,
  deploy: `it-unused-dep-${s}`,
  sts: `it-unused-sts-${s}`,
  pending: `it-unused-pend-${s}`,
  pod: `it-unused-pod-${s}`,
  sa: `it-unused-sa-${s}`,
};
const PV = "/api/v1/persistentvolumes";
const PVC = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;

function pv(name: string, o: { claim?: string; claimUid?: string; policy?: string; path?: string; labels?: Record<string, string> } = {}) {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, labels: { "bindery.io/test": s, ...o.labels } },
    spec: {
      capacity: { storage: "1Gi" },
      accessModes: ["ReadWriteOnce"],
      storageClassName: CLASS,
      persistentVolumeReclaimPolicy: o.policy ?? "Retain",
      hostPath: { path: o.path ?? `/tmp/it-unused/${name}` },
      ...(o.claim ? { claimRef: { namespace: NS, name: o.claim, ...(o.claimUid ? { uid: o.claimUid } : {}) } } : {}),
    },
  };
}

function claim(name: string, volumeName?: string, cls = CLASS) {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace: NS },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: cls, resources: { requests: { storage: "1Gi" } }, ...(volumeName ? { volumeName } : {}) },
  };
}

const volumes = (claimName: string) => [{ name: "data", persistentVolumeClaim: { claimName } }];
const container = [{ name: "app", image: "busybox", command: ["sleep", "3600"] }];
const selector = { matchLabels: { app: names.deploy } };

async function phase(path: string): Promise<string | undefined> {
  const r = await kube<{ status?: { phase?: string } }>("GET", path);
  return r.status === 200 ? r.body.status?.phase : undefined;
}

async function findings(pendingMs = 0): Promise<Map<string, Finding>> {
  const r = await currentReview(pendingMs, { fresh: true });
  return new Map([...r.findings, ...r.kept].map((f) => [f.id, f]));
}

beforeAll(async () => {
  await kubeCreate(PV, pv(names.released, { claim: `gone-${s}`, claimUid: "00000000-0000-0000-0000-000000000001" }));
  await kubeCreate(PV, pv(names.available));
  await kubeCreate(PV, pv(names.keptPv, { labels: { "bindery.io/keep": "true" } }));
  // Delete policy on a path the host-path deleter refuses: the PV ends up Failed with an event.
  await kubeCreate(PV, pv(names.failed, { claim: `gone2-${s}`, claimUid: "00000000-0000-0000-0000-000000000002", policy: "Delete", path: `/var/it-unused/${s}` }));
  for (const [c, v, policy] of [
    [names.idle, names.idlePv, "Retain"],
    [names.retained, names.retainedPv, "Delete"],
    [names.mounted, names.mountedPv, "Retain"],
  ] as const) {
    await kubeCreate(PV, pv(v, { claim: c, policy, path: `/var/it-unused/${v}` }));
    await kubeCreate(PVC, claim(c, v));
  }
  // Another class than the PVs': these must stay unbound, not pair with the Available volumes.
  await kubeCreate(PVC, claim(names.byDeploy, undefined, `${CLASS}-c`));
  await kubeCreate(PVC, claim(`data-${names.sts}-0`, undefined, `${CLASS}-c`));
  await kubeCreate(PVC, claim(names.pending, undefined, `it-unused-missing-${s}`));
  await kubeCreate(`/api/v1/namespaces/${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: names.pod }, spec: { containers: container, volumes: volumes(names.mounted) } });
  await kubeCreate(`/apis/apps/v1/namespaces/${NS}/deployments`, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: names.deploy },
    spec: { replicas: 0, selector, template: { metadata: { labels: selector.matchLabels }, spec: { containers: container, volumes: volumes(names.byDeploy) } } },
  });
  await kubeCreate(`/apis/apps/v1/namespaces/${NS}/statefulsets`, {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: names.sts },
    spec: {
      replicas: 0,
      serviceName: names.sts,
      selector: { matchLabels: { app: names.sts } },
      template: { metadata: { labels: { app: names.sts } }, spec: { containers: container } },
      volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: CLASS, resources: { requests: { storage: "1Gi" } } } }],
    },
  });
  await waitFor("released PV", async () => (await phase(`${PV}/${names.released}`)) === "Released");
  await waitFor("failed PV", async () => (await phase(`${PV}/${names.failed}`)) === "Failed", 45_000);
  for (const c of [names.idle, names.retained, names.mounted]) await waitFor(`bound ${c}`, async () => (await phase(`${PVC}/${c}`)) === "Bound");
});

afterAll(async () => {
  await kubeDelete(`/api/v1/namespaces/${NS}/pods/${names.pod}?gracePeriodSeconds=0`);
  await kubeDelete(`/apis/apps/v1/namespaces/${NS}/deployments/${names.deploy}`);
  await kubeDelete(`/apis/apps/v1/namespaces/${NS}/statefulsets/${names.sts}`);
  for (const c of [names.idle, names.retained, names.mounted, names.byDeploy, `data-${names.sts}-0`, names.pending]) await kubeDelete(`${PVC}/${c}`);
  const list = await kube<{ items: { metadata: { name: string } }[] }>("GET", `${PV}?labelSelector=bindery.io/test=${s}`);
  for (const p of list.body.items) await kubeDelete(`${PV}/${p.metadata.name}`);
  await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${names.sa}`);
  await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${names.sa}-portal`);
  await kubeDelete(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${names.sa}-portal`);
  await kubeDelete(`/api/v1/namespaces/${NS}/serviceaccounts/${names.sa}`);
});

describe("unused review from the watch cache", () => {
  it("reports each reason and none of the guarded objects", async () => {
    const f = await waitFor("review sees the arranged objects", async () => {
      const m = await findings();
      return m.has(`pv:${names.failed}`) && m.get(`pv:${names.failed}`)?.reason === "pv-failed" && m.has(`pvc:${NS}/${names.idle}`) ? m : undefined;
    }, 110_000); // the first review waits for every shared cache to fill (slow on a seeded cluster)
    expect(f.get(`pv:${names.released}`)).toMatchObject({ reason: "pv-released", formerClaim: `${NS}/gone-${s}`, sinceSource: "phase-transition" });
    expect(f.get(`pv:${names.available}`)).toMatchObject({ reason: "pv-available" });
    expect(f.get(`pv:${names.failed}`)?.detail).toMatch(/^Failed: .+/);
    expect(f.get(`pvc:${NS}/${names.idle}`)).toMatchObject({ reason: "claim-unmounted", volumeName: names.idlePv, reclaimPolicy: "Retain" });
    expect(f.get(`pvc:${NS}/${names.pending}`)).toMatchObject({ reason: "claim-pending", bytes: 0 });
    // Guards: a mounted claim, a Deployment's claim, a StatefulSet ordinal claim.
    for (const c of [names.mounted, names.byDeploy, `data-${names.sts}-0`]) expect(f.has(`pvc:${NS}/${c}`)).toBe(false);
    const r = await currentReview(0, { fresh: true });
    expect(r.kept.map((k) => k.id)).toContain(`pv:${names.keptPv}`);
    expect(r.findings.map((k) => k.id)).not.toContain(`pv:${names.keptPv}`);
  }, 120_000);

  it("uses the cluster's Unused condition for a claim's unused-since time", async () => {
    const f = await waitFor("Unused condition", async () => {
      const x = (await findings()).get(`pvc:${NS}/${names.idle}`);
      return x?.sinceSource === "cluster-condition" ? x : undefined;
    });
    expect(Date.parse(f.since ?? "")).toBeGreaterThan(Date.now() - 10 * 60_000);
  });

  it("hides pending claims younger than the threshold", async () => {
    expect((await findings(60 * 60_000)).has(`pvc:${NS}/${names.pending}`)).toBe(false);
  });
});

describe("reviewed cleanup as john", () => {
  it("dry-runs without deleting and reports each volume's fate", async () => {
    const f = await findings();
    const picked = [f.get(`pvc:${NS}/${names.idle}`)!, f.get(`pvc:${NS}/${names.retained}`)!, f.get(`pv:${names.released}`)!];
    const preview = await previewCleanup(john, picked);
    expect(preview.map((p) => [p.name, p.dryRun.ok, p.fate])).toEqual([
      [names.idle, true, "kept"],
      [names.retained, true, "destroyed"],
      [names.released, true, "kept"],
    ]);
    expect(await phase(`${PVC}/${names.idle}`)).toBe("Bound");
    expect(await phase(`${PV}/${names.released}`)).toBe("Released");
  });

  it("refuses to delete what changed since the preview", async () => {
    const f = (await findings()).get(`pv:${names.available}`)!;
    const item = { id: f.id, uid: f.uid, resourceVersion: f.resourceVersion };
    await kube("PATCH", `${PV}/${names.available}`, { metadata: { annotations: { touched: "yes" } } }, "application/merge-patch+json");
    const current = await waitFor("cache sees the change", async () => {
      const m = await findings();
      return m.get(f.id)?.resourceVersion !== f.resourceVersion ? m : undefined;
    });
    const [r] = await runCleanup(john, [item], { retain: false, current });
    expect(r).toMatchObject({ outcome: "failed", eventRecorded: false });
    expect(r!.message).toMatch(/changed since the preview/);
    expect(await phase(`${PV}/${names.available}`)).toBe("Available");
  });

  it("deletes with preconditions, switches to Retain on request, skips what is in use, and records events", async () => {
    const f = await findings();
    const pick = (id: string) => {
      const x = f.get(id)!;
      return { id, uid: x.uid, resourceVersion: x.resourceVersion };
    };
    const retainedPv = await kube<{ metadata: { resourceVersion: string } }>("GET", `${PV}/${names.retainedPv}`);
    const items = [
      pick(`pvc:${NS}/${names.idle}`),
      { ...pick(`pvc:${NS}/${names.retained}`), volume: { name: names.retainedPv, resourceVersion: retainedPv.body.metadata.resourceVersion } },
      pick(`pv:${names.released}`),
      { id: `pvc:${NS}/${names.mounted}`, uid: "x", resourceVersion: "1" }, // in use: never deleted
    ];
    const results = await runCleanup(john, items, { retain: true, current: f });
    expect(results.map((r) => [r.name, r.outcome])).toEqual([
      [names.idle, "deleted"],
      [names.retained, "deleted"],
      [names.released, "deleted"],
      [names.mounted, "skipped"],
    ]);
    expect(results[1]!.retained).toBe(true);
    expect(results.slice(0, 3).every((r) => r.eventRecorded)).toBe(true);
    const pvAfter = await kube<{ spec: { persistentVolumeReclaimPolicy: string } }>("GET", `${PV}/${names.retainedPv}`);
    expect(pvAfter.body.spec.persistentVolumeReclaimPolicy).toBe("Retain");
    expect(await phase(`${PVC}/${names.mounted}`)).toBe("Bound");
    await waitFor("claim gone", async () => (await kube("GET", `${PVC}/${names.idle}`)).status === 404);
    const events = async (ns: string) =>
      (await kube<{ items: { involvedObject: { name: string; kind: string }; reportingComponent?: string; message: string }[] }>("GET", `/api/v1/namespaces/${ns}/events?fieldSelector=reason%3DBinderyCleanup`)).body.items;
    const nsEvents = await events(NS);
    const e = nsEvents.find((x) => x.involvedObject.name === names.idle);
    expect(e).toMatchObject({ reportingComponent: "bindery", involvedObject: { kind: "PersistentVolumeClaim" } });
    expect(e!.message).toMatch(/^john deleted PersistentVolumeClaim/);
    expect((await events("default")).some((x) => x.involvedObject.name === names.released && x.involvedObject.kind === "PersistentVolume")).toBe(true);
  });
});

describe("export for automation with a Kubernetes token", () => {
  let token = "";
  beforeAll(async () => {
    await kubeCreate(`/api/v1/namespaces/${NS}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: names.sa } });
    await kubeCreate("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: names.sa },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "bindery:storage-admin" },
      subjects: [{ kind: "ServiceAccount", name: names.sa, namespace: NS }],
    });
    // The rule the portal's ClusterRole needs (reported to the cluster engineer), granted
    // here only for this test's duration in case the bootstrap manifests lack it.
    await kubeCreate("/apis/rbac.authorization.k8s.io/v1/clusterroles", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `${names.sa}-portal` },
      rules: [{ apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] }],
    });
    await kubeCreate("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: `${names.sa}-portal` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${names.sa}-portal` },
      subjects: [{ kind: "ServiceAccount", name: "bindery", namespace: "bindery-system" }],
    });
    const tr = await kube<{ status: { token: string } }>("POST", `/api/v1/namespaces/${NS}/serviceaccounts/${names.sa}/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 600 } });
    token = tr.body.status.token;
  });

  it("identifies the token's user and groups through a TokenReview", async () => {
    const id = await waitFor("token review allowed", () => reviewToken(token).catch(() => undefined));
    expect(id).toMatchObject({ user: `system:serviceaccount:${NS}:${names.sa}` });
    expect(id!.groups).toContain("system:serviceaccounts");
    expect(await reviewToken("not-a-real-token")).toBeNull();
  });

  it("serves CSV and JSON to an admin token, 401 to a bad token, 403 to a non-admin", async () => {
    const call = (q: string, auth?: string) => exportRoute(new Request(`http://portal/api/unused${q}`, { headers: auth ? { Authorization: `Bearer ${auth}` } : {} }));
    const csv = await call(`?format=csv&pending=0m&ns=${NS}`, token);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toMatch(/^kind,namespace,name,reason/);
    expect(text).toContain(names.pending);
    const json = await call(`?format=json&pending=0m&reason=claim-pending`, token);
    const body = (await json.json()) as { findings: Finding[]; totals: { count: number } };
    expect(body.findings.every((x) => x.reason === "claim-pending")).toBe(true);
    expect(body.findings.some((x) => x.name === names.pending)).toBe(true);
    expect((await call("?format=json", "bogus")).status).toBe(401);
    expect((await call("?format=xml", token)).status).toBe(400);
    // A token of a service account without admin rights.
    const plain = await kube<{ status: { token: string } }>("POST", `/api/v1/namespaces/${NS}/serviceaccounts/default/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 600 } });
    expect((await call("?format=json", plain.body.status.token)).status).toBe(403);
  });
});

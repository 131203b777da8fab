import { describe, expect, it } from "vitest";
import { classify, classifyBaseSteps, DEFAULT_PENDING_MS, type Snapshot } from "./classify";
import { adviceSteps, withAdvice } from "./usage-advice";
import { toCsv } from "./csv";
import { totals } from "./query";
import { toTableRow } from "./table-row";
import type { PodLike, PVCLike } from "./types";
import type { UsageSnapshot, VolumeUsage } from "@/lib/usage/types";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const GiB = 2 ** 30;
const MiB = 2 ** 20;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

function pvc(ns: string, name: string, size = "10Gi", o: { created?: string; keep?: boolean; phase?: string } = {}): PVCLike {
  return {
    metadata: { name, namespace: ns, uid: `u-${name}`, resourceVersion: "1", creationTimestamp: o.created ?? ago(20 * DAY), labels: o.keep ? { "bindery.io/keep": "true" } : undefined },
    spec: { storageClassName: "fast", volumeName: `pv-${name}`, resources: { requests: { storage: size } } },
    status: { phase: o.phase ?? "Bound", capacity: { storage: size } },
  };
}
const mountedBy = (ns: string, claims: string[]): PodLike => ({
  metadata: { name: `pod-${claims.join("-")}`, namespace: ns, creationTimestamp: ago(DAY) },
  spec: { volumes: claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })) },
  status: { phase: "Running" },
});
const fig = (used: number, capacity: number, extra: Partial<VolumeUsage> = {}): VolumeUsage => ({ usedBytes: used, capacityBytes: capacity, availableBytes: capacity - used, at: NOW, ...extra });
function usage(entries: [string, VolumeUsage][], source: UsageSnapshot["source"] = "summary"): UsageSnapshot {
  return { source, collectedAt: NOW, tookMs: 5, version: 1, byClaim: new Map(entries), errors: [] };
}
function run(claims: PVCLike[], pods: PodLike[], u: UsageSnapshot | undefined) {
  const s: Snapshot = { pvs: [], claims, pods, workloads: [], events: [], classes: [], lastSeenMounted: new Map(), watchingSince: NOW - DAY, usage: u };
  return classify(s, { now: NOW, pendingThresholdMs: DEFAULT_PENDING_MS });
}

describe("usage advice in the unused review", () => {
  const claims = [pvc("a", "empty"), pvc("a", "big", "100Gi"), pvc("a", "busy"), pvc("a", "unknown"), pvc("a", "kept", "10Gi", { keep: true })];
  const pods = [mountedBy("a", ["empty", "big", "busy", "unknown", "kept"])];
  const u = usage([
    ["a/empty", fig(4096, 10 * GiB)],
    ["a/big", fig(300 * MiB, 100 * GiB)],
    ["a/busy", fig(6 * GiB, 10 * GiB)],
    ["a/kept", fig(0, 10 * GiB)],
  ]);

  it("finds mounted-but-empty and over-sized claims with what could be given back", () => {
    const r = run(claims, pods, u);
    const byId = new Map(r.findings.map((f) => [f.id, f]));
    expect([...byId.keys()].sort()).toEqual(["pvc:a/big", "pvc:a/empty"]);
    expect(byId.get("pvc:a/empty")).toMatchObject({ reason: "claim-empty", bytes: 10 * GiB, sinceSource: "usage-now", advice: { peakBytes: 4096, suggestedBytes: 0 } });
    expect(byId.get("pvc:a/big")).toMatchObject({ reason: "claim-oversized", bytes: 99 * GiB, advice: { suggestedBytes: GiB } });
    expect(r.kept.map((k) => k.id)).toEqual(["pvc:a/kept"]);
  });

  it("without usage (or for unmounted claims) the review is as before", () => {
    expect(run(claims, pods, undefined).findings).toEqual([]);
    const r = run([pvc("a", "idle")], [], usage([["a/idle", fig(0, 10 * GiB)]]));
    expect(r.findings.map((f) => f.reason)).toEqual(["claim-unmounted"]);
  });

  it("Prometheus' maximum over the window decides, and says so", () => {
    const p = usage([["a/empty", fig(0, 10 * GiB, { maxUsedBytes: 5 * GiB, windowMs: 7 * DAY })], ["a/big", fig(0, 100 * GiB, { maxUsedBytes: 8192, windowMs: 7 * DAY })]], "prometheus");
    const r = run(claims, pods, p);
    expect(r.findings.map((f) => [f.id, f.reason, f.sinceSource, f.since])).toEqual([["pvc:a/big", "claim-empty", "usage-window", ago(7 * DAY)]]);
  });

  it("totals keep advice apart from cleanup; the export and the table row mark it", () => {
    const r = run([...claims, pvc("a", "idle")], pods, u);
    const t = totals(r.findings, { reason: undefined, class: undefined, ns: undefined, olderThan: undefined }, NOW);
    expect(t.count).toBe(1);
    expect(t.bytes).toBe(10 * GiB);
    expect(t.advice).toEqual({ count: 2, bytes: 109 * GiB });
    expect(t.byReason["claim-empty"]).toMatchObject({ count: 1, bytes: 10 * GiB });
    expect(t.byReason["claim-oversized"]).toMatchObject({ count: 1, bytes: 99 * GiB });
    const csv = toCsv(r.findings).split("\r\n");
    expect(csv[0]).toMatch(/,advice,peak_used_bytes,suggested_bytes$/);
    const big = csv.find((l) => l.startsWith("PersistentVolumeClaim,a,big,"))!;
    expect(big).toMatch(new RegExp(`,${99 * GiB},fast,.*,resize,${300 * MiB},${GiB}$`));
    const row = toTableRow(r.findings.find((f) => f.id === "pvc:a/big")!);
    expect(row.reclaimable).toBe("99 GiB");
    expect(toTableRow(r.findings.find((f) => f.id === "pvc:a/idle")!).reclaimable).toBeUndefined();
  });

  it("is a layer over the base: the base lists the claims in use once, new figures re-judge only those", () => {
    const idle = pvc("a", "idle");
    const gone = { ...pvc("a", "going"), metadata: { ...pvc("a", "going").metadata, deletionTimestamp: ago(1000) } };
    const s: Snapshot = { pvs: [], claims: [...claims, idle, gone, pvc("a", "waiting", "1Gi", { phase: "Pending" })], pods: [mountedBy("a", ["empty", "big", "busy", "unknown", "kept", "going", "waiting"])], workloads: [], events: [], classes: [], lastSeenMounted: new Map(), watchingSince: NOW - DAY };
    const steps = classifyBaseSteps(s, { now: NOW, pendingThresholdMs: DEFAULT_PENDING_MS });
    let r = steps.next();
    while (!r.done) r = steps.next();
    const base = r.value;
    // Bound, in use and not going: the only claims advice can concern.
    expect(base.inUse.map((c) => c.metadata.name)).toEqual(["empty", "big", "busy", "unknown", "kept"]);
    expect(base.findings.map((f) => f.id)).toEqual(["pvc:a/idle"]);
    const judge = (snap: UsageSnapshot | undefined) => {
      const a = adviceSteps(base, snap, NOW);
      let x = a.next();
      while (!x.done) x = a.next();
      return withAdvice(base, x.value);
    };
    const first = judge(u);
    expect(first.findings.map((f) => f.id)).toEqual(["pvc:a/idle", "pvc:a/empty", "pvc:a/big"]);
    expect(first.kept.map((k) => k.id)).toEqual(["pvc:a/kept"]);
    // The busy claim was emptied: the next figures advise it too; the base is untouched.
    const next = judge(usage([["a/busy", fig(0, 10 * GiB)]]));
    expect(next.findings.map((f) => f.id)).toEqual(["pvc:a/idle", "pvc:a/busy"]);
    expect(base.findings.map((f) => f.id)).toEqual(["pvc:a/idle"]);
    // Same as the one-go classification.
    expect(judge(u)).toEqual(classify({ ...s, usage: u }, { now: NOW, pendingThresholdMs: DEFAULT_PENDING_MS }));
    expect(judge(undefined)).toEqual({ findings: base.findings, kept: base.kept });
  });
});

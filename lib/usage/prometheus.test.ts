import { describe, expect, it } from "vitest";
import { COMBINE_CHUNK, carryMaximum, combine, combineSteps, previousVector, promDuration, usageQueries, vectorByClaim, windowDue, type PromVectorResponse, type WindowAggregates } from "./prometheus";

const vec = (rows: [string, string, number, string][]): PromVectorResponse => ({
  status: "success",
  data: { resultType: "vector", result: rows.map(([namespace, persistentvolumeclaim, t, v]) => ({ metric: { namespace, persistentvolumeclaim }, value: [t, v] })) },
});

describe("usageQueries", () => {
  it("asks one figure per claim and the window's maximum and first sample", () => {
    const q = usageQueries(7 * 86_400_000);
    expect(q.used).toBe("max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes)");
    expect(q.inodesUsed).toContain("kubelet_volume_stats_inodes_used");
    expect(q.maxUsed).toBe("max by (namespace, persistentvolumeclaim) (max_over_time(kubelet_volume_stats_used_bytes[604800s]))");
    expect(q.firstSeen).toContain("[604800s:6048s]");
  });
  it("never asks for a zero-length range", () => {
    expect(promDuration(10)).toBe("1s");
  });
});

describe("vectorByClaim", () => {
  it("keys values by namespace/claim in ms", () => {
    const m = vectorByClaim(vec([["team-a", "db", 1700000000.5, "1024"]]));
    expect(m.get("team-a/db")).toEqual({ value: 1024, at: 1700000000500 });
  });
  it("drops rows without labels or numbers and failed answers", () => {
    expect(vectorByClaim(vec([["", "db", 1, "1"], ["a", "b", 1, "NaN"]])).size).toBe(0);
    expect(vectorByClaim({ status: "error", error: "bad" }).size).toBe(0);
  });
});

describe("combine", () => {
  const W = 7 * 86_400_000;
  it("builds figures from used and capacity, with inodes and the window's maximum", () => {
    const t = 1_000_000;
    const u = combine(
      {
        used: vectorByClaim(vec([["a", "c", t, "10"], ["a", "nocap", t, "1"]])),
        capacity: vectorByClaim(vec([["a", "c", t, "100"]])),
        available: vectorByClaim(vec([["a", "c", t, "80"]])),
        inodes: vectorByClaim(vec([["a", "c", t, "50"]])),
        inodesUsed: vectorByClaim(vec([["a", "c", t, "5"]])),
        maxUsed: vectorByClaim(vec([["a", "c", t, "40"]])),
        firstSeen: vectorByClaim(vec([["a", "c", t, String(t - 3600)]])),
      },
      W,
    );
    expect([...u.keys()]).toEqual(["a/c"]);
    expect(u.get("a/c")).toEqual({ usedBytes: 10, capacityBytes: 100, availableBytes: 80, inodes: 50, inodesUsed: 5, at: t * 1000, maxUsedBytes: 40, windowMs: 3_600_000 });
  });
  it("claims no more than one step of history when the coarse first-sample query saw nothing", () => {
    const t = 10_000_000;
    const u = combine(
      { used: vectorByClaim(vec([["a", "c", t, "1"]])), capacity: vectorByClaim(vec([["a", "c", t, "100"]])), maxUsed: vectorByClaim(vec([["a", "c", t, "1"]])) },
      W,
    ).get("a/c")!;
    expect(u.windowMs).toBe(6048_000 + 300_000);
  });
  it("caps the covered window at the window asked for, and the maximum at least the current value", () => {
    const t = 10_000_000;
    const u = combine(
      {
        used: vectorByClaim(vec([["a", "c", t, "10"]])),
        capacity: vectorByClaim(vec([["a", "c", t, "100"]])),
        maxUsed: vectorByClaim(vec([["a", "c", t, "5"]])),
        firstSeen: vectorByClaim(vec([["a", "c", t, "0"]])),
      },
      W,
    ).get("a/c")!;
    expect(u.windowMs).toBe(W);
    expect(u.maxUsedBytes).toBe(10);
    expect(u.availableBytes).toBe(90);
  });
});

describe("window aggregates between reads", () => {
  const W = 86_400_000;
  const last: WindowAggregates = { at: 1_000_000, windowMs: W, maxUsed: new Map(), firstSeen: new Map() };
  it("are read first, then every windowRefreshMs, again when the window changes or the clock went back", () => {
    expect(windowDue(undefined, 1_000_000, W, 600_000)).toBe(true);
    expect(windowDue(last, 1_000_000 + 599_999, W, 600_000)).toBe(false);
    expect(windowDue(last, 1_000_000 + 600_000, W, 600_000)).toBe(true);
    expect(windowDue(last, 1_000_001, 2 * W, 600_000)).toBe(true);
    expect(windowDue(last, 999_000, W, 600_000)).toBe(true);
    expect(windowDue(last, 1_000_001, W, 0)).toBe(true);
  });
  it("keep the highest figure any refresh saw, so a peak removed before the next read still counts", () => {
    const t = 1_700_000_000;
    const maxUsed = vectorByClaim(vec([["a", "grew", t, "10"], ["a", "shrank", t, "500"], ["a", "gone", t, "7"]]));
    carryMaximum(maxUsed, vectorByClaim(vec([["a", "grew", t + 30, "90"], ["a", "shrank", t + 30, "20"], ["a", "new", t + 30, "3"]])));
    expect(Object.fromEntries([...maxUsed].map(([k, v]) => [k, v.value]))).toEqual({ "a/grew": 90, "a/shrank": 500, "a/gone": 7, "a/new": 3 });
    carryMaximum(maxUsed, vectorByClaim(vec([["a", "grew", t + 60, "40"]])));
    expect(maxUsed.get("a/grew")?.value).toBe(90);
    carryMaximum(maxUsed, undefined);
    expect(maxUsed.size).toBe(4);
  });
  it("combine then reports the carried maximum with the window covered since the first sample", () => {
    const t = 1_700_000_000;
    const u = combine(
      {
        used: vectorByClaim(vec([["a", "c", t, "40"]])),
        capacity: vectorByClaim(vec([["a", "c", t, "100"]])),
        maxUsed: vectorByClaim(vec([["a", "c", t - 600, "90"]])),
        firstSeen: vectorByClaim(vec([["a", "c", t - 600, String(t - 3600)]])),
      },
      W,
    ).get("a/c");
    expect(u).toMatchObject({ usedBytes: 40, maxUsedBytes: 90, windowMs: 3_600_000 });
  });
});

describe("previousVector", () => {
  it("rebuilds a series' answer from the last figures, with their measurement times, skipping absent inodes", () => {
    const prev = new Map([
      ["a/x", { usedBytes: 5, capacityBytes: 10, availableBytes: 5, inodes: 100, inodesUsed: 3, at: 1000 }],
      ["a/y", { usedBytes: 7, capacityBytes: 20, availableBytes: 13, at: 2000 }],
    ]);
    expect(previousVector("capacity", prev)).toEqual(new Map([["a/x", { value: 10, at: 1000 }], ["a/y", { value: 20, at: 2000 }]]));
    expect(previousVector("inodesUsed", prev)).toEqual(new Map([["a/x", { value: 3, at: 1000 }]]));
    expect(previousVector("used", new Map()).size).toBe(0);
  });
});

describe("combineSteps", () => {
  it("yields every COMBINE_CHUNK claims and ends with what combine returns", () => {
    const n = COMBINE_CHUNK * 2 + 1;
    const v = new Map(Array.from({ length: n }, (_, i) => [`a/c${i}`, { value: i, at: 1 }] as const));
    const steps = combineSteps({ used: v, capacity: v }, 3_600_000);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    expect(yields).toBe(2);
    expect(r.value).toEqual(combine({ used: v, capacity: v }, 3_600_000));
  });
});

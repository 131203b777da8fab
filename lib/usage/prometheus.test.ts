import { describe, expect, it } from "vitest";
import { combine, promDuration, usageQueries, vectorByClaim, type PromVectorResponse } from "./prometheus";

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

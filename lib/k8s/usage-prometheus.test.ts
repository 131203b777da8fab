import { afterEach, describe, expect, it, vi } from "vitest";
import { collectPrometheus } from "./usage-prometheus";

// What collectPrometheus does with answers and failures. fetch is stubbed: Prometheus itself is
// exercised for real by integration/usage.int.test.ts.

const answer = (value: string, claims = 1) => ({
  status: "success",
  data: { resultType: "vector", result: Array.from({ length: claims }, (_, i) => ({ metric: { namespace: "a", persistentvolumeclaim: i ? `x${i}` : "x" }, value: [1700000000, value] })) },
});
/** Answers every query with `value` for `claims` claims, except those naming a series in `failing` (timed out). */
function prometheus(value: string, failing: string[] = [], claims = 1) {
  vi.stubGlobal("fetch", async (_url: string, init: { body: URLSearchParams }) => {
    const q = init.body.get("query") ?? "";
    if (failing.some((f) => q.includes(`kubelet_volume_stats_${f}`))) throw Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    return new Response(JSON.stringify(answer(value, claims)), { status: 200 });
  });
}
afterEach(() => vi.unstubAllGlobals());

const HOUR = 3_600_000;

describe("collectPrometheus", () => {
  it("keeps the last figures of a query that failed, and says which failed", async () => {
    prometheus("400");
    const first = await collectPrometheus("http://prom-a", HOUR, HOUR);
    expect(first.byClaim.get("a/x")).toMatchObject({ usedBytes: 400, capacityBytes: 400 });

    // capacity_bytes times out: the claim keeps its capacity instead of losing its figure.
    prometheus("500", ["capacity_bytes"]);
    const next = await collectPrometheus("http://prom-a", HOUR, HOUR, undefined, first.byClaim);
    expect(next.errors).toEqual(["capacity: timed out"]);
    expect(next.unreachable).toBe(false);
    expect(next.byClaim.get("a/x")).toMatchObject({ usedBytes: 500, capacityBytes: 400, maxUsedBytes: 500 });
  });

  it("drops every figure when every query failed (the source is unreachable, not stale)", async () => {
    prometheus("1", ["used_bytes", "capacity_bytes", "available_bytes", "inodes"]);
    const prev = new Map([["a/x", { usedBytes: 1, capacityBytes: 2, availableBytes: 1, at: 1 }]]);
    const c = await collectPrometheus("http://prom-b", HOUR, HOUR, undefined, prev);
    expect(c.unreachable).toBe(true);
    expect(c.byClaim.size).toBe(0);
  });

  it("folds thousands of claims with background pauses allowed between slices", async () => {
    prometheus("1", [], 2500);
    const c = await collectPrometheus("http://prom-many", HOUR, HOUR, () => new Promise((r) => setImmediate(r)));
    expect(c.byClaim.size).toBe(2500);
    expect(c.byClaim.get("a/x2499")).toMatchObject({ usedBytes: 1, capacityBytes: 1 });
  });
});

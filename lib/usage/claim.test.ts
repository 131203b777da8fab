import { describe, expect, it } from "vitest";
import { claimUsage, type ClaimMountFacts } from "./claim";
import type { UsageSnapshot, VolumeUsage } from "./types";

const fig: VolumeUsage = { usedBytes: 10, capacityBytes: 100, availableBytes: 90, at: 1000 };
const snap = (over: Partial<UsageSnapshot> = {}): UsageSnapshot => ({
  source: "summary", collectedAt: 10_000, tookMs: 50, version: 1, byClaim: new Map([["team-a/db", fig]]), errors: [], ...over,
});
const facts = (over: Partial<ClaimMountFacts> = {}): ClaimMountFacts => ({ namespace: "team-a", name: "db", mountedOn: ["n1"], ...over });
const reason = (s: UsageSnapshot, f: ClaimMountFacts) => {
  const r = claimUsage(s, f);
  return r.known ? "known" : r.reason;
};

describe("claimUsage", () => {
  it("gives the figure of a measured claim", () => {
    expect(claimUsage(snap(), facts())).toEqual({ known: true, usage: fig });
  });
  it("says no source when none is configured, even if a figure were there", () => {
    expect(reason(snap({ source: "none" }), facts())).toBe("no-source");
  });
  it("says no source when the source could not be reached", () => {
    expect(reason(snap({ byClaim: new Map(), unreachable: true }), facts())).toBe("no-source");
  });
  it("says not collected before the first refresh", () => {
    expect(reason(snap({ byClaim: new Map(), collectedAt: 0 }), facts())).toBe("not-collected");
  });
  it("says not mounted when no running pod mounts it", () => {
    expect(reason(snap(), facts({ name: "idle", mountedOn: [] }))).toBe("not-mounted");
  });
  it("says no stats when mounted, collected and still absent", () => {
    expect(reason(snap(), facts({ name: "nfs", mountedOn: ["n1"], mountedSince: 5_000 }))).toBe("no-stats");
  });
  it("says not collected when the claim's node failed this refresh", () => {
    expect(reason(snap({ failedNodes: ["n2"] }), facts({ name: "x", mountedOn: ["n2"] }))).toBe("not-collected");
    expect(reason(snap({ failedNodes: ["n2"] }), facts({ name: "x", mountedOn: ["n1"] }))).toBe("no-stats");
  });
  it("says not collected when the pod started after the collection began", () => {
    expect(reason(snap(), facts({ name: "new", mountedSince: 10_001 }))).toBe("not-collected");
    expect(reason(snap(), facts({ name: "new", mountedSince: 9_999 }))).toBe("no-stats");
  });
  it("gives Prometheus a scrape interval of grace after a pod starts", () => {
    const p = snap({ source: "prometheus", collectedAt: 1_000_000 });
    expect(reason(p, facts({ name: "new", mountedSince: 1_000_000 - 60_000 }))).toBe("not-collected");
    expect(reason(p, facts({ name: "new", mountedSince: 1_000_000 - 600_000 }))).toBe("no-stats");
  });
});

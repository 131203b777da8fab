import { describe, expect, it } from "vitest";
import { bestVolumeForClaim, claimsForVolume, selectorMatches, volumeMatchesClaim, type MatchableClaim, type MatchableVolume } from "./pv-matching";

const pv = (over: Partial<MatchableVolume> = {}): MatchableVolume => ({
  name: "pv-manual-10g",
  phase: "Available",
  capacity: "10Gi",
  accessModes: ["ReadWriteOnce"],
  volumeMode: "Filesystem",
  storageClass: "manual",
  labels: {},
  ...over,
});
const claim = (over: Partial<MatchableClaim & { phase: string }> = {}): MatchableClaim & { phase: string } => ({
  namespace: "team-a",
  name: "mysql-data",
  requested: "3Gi",
  accessModes: ["ReadWriteOnce"],
  volumeMode: "Filesystem",
  storageClass: "manual",
  phase: "Pending",
  ...over,
});

describe("volumeMatchesClaim", () => {
  it("matches the seed's 10Gi manual PV to a 3Gi manual claim", () => {
    expect(volumeMatchesClaim(pv(), claim())).toEqual({ ok: true });
  });

  it("names every field that differs", () => {
    const r = volumeMatchesClaim(pv({ capacity: "1Gi", accessModes: ["ReadOnlyMany"], storageClass: "hdd", volumeMode: "Block" }), claim());
    expect(r.ok).toBe(false);
    const reasons = r.ok ? [] : r.reasons.join("\n");
    expect(reasons).toContain("storage class differs");
    expect(reasons).toContain("volume mode differs");
    expect(reasons).toContain("access mode ReadWriteOnce is not offered");
    expect(reasons).toContain("too small");
  });

  it("treats a claim without class as class \"\" and refuses Released or reserved volumes", () => {
    expect(volumeMatchesClaim(pv({ storageClass: "" }), claim({ storageClass: undefined })).ok).toBe(true);
    expect(volumeMatchesClaim(pv({ phase: "Released" }), claim()).ok).toBe(false);
    expect(volumeMatchesClaim(pv({ claim: { namespace: "team-b", name: "other" } }), claim()).ok).toBe(false);
    expect(volumeMatchesClaim(pv({ claim: { namespace: "team-a", name: "mysql-data" } }), claim()).ok).toBe(true);
  });

  it("applies the claim's selector", () => {
    expect(volumeMatchesClaim(pv({ labels: { tier: "fast" } }), claim({ selector: { matchLabels: { tier: "fast" } } })).ok).toBe(true);
    expect(volumeMatchesClaim(pv(), claim({ selector: { matchLabels: { tier: "fast" } } })).ok).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "zone", operator: "In", values: ["a", "b"] }] }, { zone: "b" })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, { zone: "b" })).toBe(false);
  });
});

describe("choosing", () => {
  it("gives a claim the smallest volume that fits, like the binder", () => {
    const best = bestVolumeForClaim(claim(), [pv({ name: "big", capacity: "100Gi" }), pv({ name: "small", capacity: "5Gi" }), pv({ name: "tiny", capacity: "1Gi" })]);
    expect(best?.name).toBe("small");
  });

  it("marks the oldest matching pending claim as the likely one, or the reserved claim", () => {
    const claims = [
      claim({ name: "young", createdAt: "2026-01-02T00:00:00Z" }),
      claim({ name: "old", createdAt: "2026-01-01T00:00:00Z" }),
      claim({ name: "bound", phase: "Bound" }),
      claim({ name: "huge", requested: "50Gi" }),
    ];
    const matches = claimsForVolume(pv(), claims);
    expect(matches.map((m) => m.claim.name)).toEqual(["old", "young"]);
    expect(matches.find((m) => m.likely)?.claim.name).toBe("old");
    const reserved = claimsForVolume(pv({ claim: { namespace: "team-a", name: "young" } }), claims);
    expect(reserved.find((m) => m.likely)?.claim.name).toBe("young");
  });

  it("does not call a claim likely when another volume fits it better", () => {
    const matches = claimsForVolume(pv(), [claim({ name: "a" })], [pv({ name: "snug", capacity: "3Gi" })]);
    expect(matches[0]?.likely).toBe(false);
  });
});

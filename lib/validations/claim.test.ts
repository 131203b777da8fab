import { describe, expect, it } from "vitest";
import { budgetProblem, claimManifest, claimRequestSchema, type StorageBudget } from "./claim";

const GI = 2 ** 30;
const budget = (over: Partial<StorageBudget> = {}): StorageBudget => ({
  namespace: "team-a",
  storage: { hard: 100 * GI, used: 90 * GI },
  claims: { hard: 20, used: 3 },
  perClass: {},
  limits: { min: GI, max: 50 * GI },
  ...over,
});

describe("claimRequestSchema", () => {
  it("needs a class or a volume depending on the source", () => {
    const base = {
      namespace: "team-a",
      name: "data",
      size: "3Gi",
      accessMode: "ReadWriteOnce",
      volumeMode: "Filesystem",
    };
    expect(
      claimRequestSchema.safeParse({ ...base, source: "class", storageClass: "ssd" }).success,
    ).toBe(true);
    const r = claimRequestSchema.safeParse({ ...base, source: "volume" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["volumeName"]);
    expect(claimRequestSchema.safeParse({ ...base, source: "class", size: "ten" }).success).toBe(
      false,
    );
  });
});

describe("budgetProblem", () => {
  it("refuses sizes outside the LimitRange", () => {
    expect(budgetProblem(budget(), "500Mi", "ssd")).toMatch(
      /smallest claim allowed in team-a is 1Gi/,
    );
    expect(budgetProblem(budget({ storage: undefined }), "60Gi", "ssd")).toMatch(
      /largest claim allowed in team-a is 50Gi/,
    );
  });
  it("refuses what the quota has no room for", () => {
    expect(budgetProblem(budget(), "20Gi", "ssd")).toMatch(/Only 10Gi of the 100Gi storage quota/);
    expect(budgetProblem(budget(), "10Gi", "ssd")).toBeUndefined();
    expect(budgetProblem(budget({ claims: { hard: 20, used: 20 } }), "1Gi", "ssd")).toMatch(
      /maximum of 20 claims/,
    );
  });
  it("applies per-class quota", () => {
    const b = budget({ perClass: { gold: { storage: { hard: 5 * GI, used: 4 * GI } } } });
    expect(budgetProblem(b, "2Gi", "gold")).toMatch(/class "gold"/);
    expect(budgetProblem(b, "2Gi", "ssd")).toBeUndefined();
  });
});

describe("claimManifest", () => {
  it("pins the chosen volume and its class", () => {
    const m = claimManifest({
      namespace: "team-a",
      name: "db",
      size: "3Gi",
      accessMode: "ReadWriteOnce",
      volumeMode: "Filesystem",
      storageClass: "manual",
      volumeName: "pv-1",
    });
    expect(m.spec).toMatchObject({
      storageClassName: "manual",
      volumeName: "pv-1",
      resources: { requests: { storage: "3Gi" } },
    });
  });
});

import { describe, expect, it } from "vitest";
import { backoffDelay, stripObject } from "./informer";

describe("backoffDelay", () => {
  it("grows with attempts and stays under the cap", () => {
    expect(backoffDelay(0, () => 1)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(15_000);
  });

  it("is jittered but never zero", () => {
    expect(backoffDelay(5, () => 0)).toBeGreaterThan(0);
    expect(backoffDelay(5, () => 0.5)).toBeLessThan(backoffDelay(5, () => 0.9));
  });
});

describe("stripObject", () => {
  it("drops managed fields and the last-applied annotation, keeps the rest", () => {
    const o = stripObject({
      metadata: {
        name: "a",
        managedFields: [{ manager: "kubectl" }],
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", keep: "yes" },
      },
    });
    expect(o.metadata.managedFields).toBeUndefined();
    expect(o.metadata.annotations).toEqual({ keep: "yes" });
  });
});

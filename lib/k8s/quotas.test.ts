import { describe, expect, it } from "vitest";
import { toBudget } from "./quotas";

const GI = 2 ** 30;

describe("toBudget", () => {
  it("reads quota status, per-class keys and the LimitRange", () => {
    const b = toBudget(
      "team-a",
      [
        {
          metadata: { name: "storage", namespace: "team-a" },
          spec: {
            hard: {
              "requests.storage": "100Gi",
              persistentvolumeclaims: "20",
              "gold.storageclass.storage.k8s.io/requests.storage": "10Gi",
            },
          },
          status: {
            hard: {
              "requests.storage": "100Gi",
              persistentvolumeclaims: "20",
              "gold.storageclass.storage.k8s.io/requests.storage": "10Gi",
            },
            used: {
              "requests.storage": "23Gi",
              persistentvolumeclaims: "2",
              "gold.storageclass.storage.k8s.io/requests.storage": "3Gi",
            },
          },
        },
        {
          metadata: { name: "other-ns", namespace: "team-b" },
          spec: { hard: { "requests.storage": "1Gi" } },
        },
      ],
      [
        {
          metadata: { name: "l", namespace: "team-a" },
          spec: {
            limits: [
              { type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "50Gi" } },
              { type: "Container", max: { memory: "1Gi" } },
            ],
          },
        },
      ],
    );
    expect(b.storage).toEqual({ hard: 100 * GI, used: 23 * GI });
    expect(b.claims).toEqual({ hard: 20, used: 2 });
    expect(b.perClass.gold?.storage).toEqual({ hard: 10 * GI, used: 3 * GI });
    expect(b.limits).toEqual({ min: GI, max: 50 * GI });
  });

  it("keeps the tighter of two quotas", () => {
    const b = toBudget(
      "ns",
      [
        {
          metadata: { name: "a", namespace: "ns" },
          status: { hard: { "requests.storage": "100Gi" }, used: { "requests.storage": "10Gi" } },
        },
        {
          metadata: { name: "b", namespace: "ns" },
          status: { hard: { "requests.storage": "20Gi" }, used: { "requests.storage": "15Gi" } },
        },
      ],
      [],
    );
    expect(b.storage).toEqual({ hard: 20 * GI, used: 15 * GI });
    expect(b.limits).toEqual({ min: undefined, max: undefined });
  });
});

import { describe, expect, it } from "vitest";
import { workloadManifests, workloadRequestSchema } from "./workload";
import { decodePlan, deleteWorkloadSchema, encodePlan, scaleSchema, type TeardownPlan } from "./workload-lifecycle";

describe("StatefulSet retention in the request form", () => {
  // Exactly what the form holds for the StatefulSet template (claimMode stays "").
  const form = { template: "statefulset", namespace: "team-a", name: "web", image: "nginx:1.27", command: "", mountPath: "/d", rootPassword: "", claimMode: "", claimName: "data", size: "1Gi", storageClass: "ssd", accessMode: "ReadWriteOnce", replicas: "3", whenDeleted: "Retain", whenScaled: "Delete" };

  it("accepts the form's own values and writes the policy into the manifest", () => {
    const r = workloadRequestSchema.safeParse(form);
    expect(r.error?.issues).toBeUndefined();
    const sts = workloadManifests(r.data!).find((o) => o.kind === "StatefulSet")!;
    expect((sts.body.spec as Record<string, unknown>).persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Delete" });
  });

  it("refuses other rules with a message next to the field", () => {
    const r = workloadRequestSchema.safeParse({ ...form, whenScaled: "Orphan" });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["whenScaled", "Choose Retain or Delete."]]);
  });
});

describe("scale and delete forms", () => {
  const target = { namespace: "team-a", kind: "Deployment", name: "db", uid: "u1" };
  it("checks the replica count", () => {
    expect(scaleSchema.safeParse({ ...target, replicas: "0", from: "1" }).success).toBe(true);
    expect(scaleSchema.safeParse({ ...target, replicas: "-1", from: "1" }).error?.issues[0]?.message).toMatch(/0 or more/);
    expect(scaleSchema.safeParse({ ...target, replicas: "1.5", from: "1" }).error?.issues[0]?.message).toBe("Use a whole number.");
    expect(scaleSchema.safeParse({ ...target, kind: "DaemonSet", replicas: "1", from: "1" }).success).toBe(false);
  });
  it("needs the acknowledgement to delete", () => {
    expect(deleteWorkloadSchema.safeParse(target).error?.issues[0]?.message).toBe("Tick the box to confirm.");
    expect(deleteWorkloadSchema.safeParse({ ...target, acknowledge: "true", deleteClaims: "true" }).success).toBe(true);
  });
});

describe("plan in the URL", () => {
  const plan: TeardownPlan = { mode: "scale", kind: "StatefulSet", namespace: "team-a", name: "web", from: 3, to: 1, pods: ["web-1", "web-2"], claims: [{ claim: "data-web-1", fate: "deleted", volume: "pvc-1", reclaimPolicy: "Delete" }] };
  it("round-trips", () => expect(decodePlan(encodePlan(plan))).toEqual(plan));
  it("carries the snapshot kept first of a claim", () => {
    const kept: TeardownPlan = { ...plan, mode: "delete", claims: [{ claim: "data-web-1", fate: "deleted", snapshot: "data-web-1-kept-abcd1234" }] };
    expect(decodePlan(encodePlan(kept))?.claims[0]?.snapshot).toBe("data-web-1-kept-abcd1234");
  });
  it("ignores anything that is not a plan", () => {
    expect(decodePlan(undefined)).toBeUndefined();
    expect(decodePlan("not base64 json")).toBeUndefined();
    expect(decodePlan(Buffer.from(JSON.stringify({ ...plan, pods: ["../x"] })).toString("base64url"))).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { PodUsage } from "./pod-usage";
import type { PodLike } from "./types";

const pod = (name: string, claims: string[], phase = "Running", ephemeral: string[] = []): PodLike => ({
  metadata: { name, namespace: "team-a" },
  spec: { volumes: [...claims.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })), ...ephemeral.map((e) => ({ name: e, ephemeral: {} }))] },
  status: { phase },
});

describe("incremental pod index", () => {
  it("counts claim users across adds, updates and deletes", () => {
    const u = new PodUsage();
    u.apply("ADDED", pod("a", ["data"]));
    u.apply("ADDED", pod("b", ["data", "logs"]));
    expect([u.mounted.has("team-a/data"), u.mounted.has("team-a/logs")]).toEqual([true, true]);
    u.apply("DELETED", pod("a", ["data"]));
    expect(u.mounted.has("team-a/data")).toBe(true); // b still mounts it
    u.apply("MODIFIED", pod("b", ["logs"]));
    expect(u.mounted.has("team-a/data")).toBe(false);
    u.apply("MODIFIED", pod("b", ["logs"], "Succeeded"));
    expect(u.mounted.has("team-a/logs")).toBe(false);
    expect(u.pods.has("team-a/b")).toBe(true); // a finished pod still exists
  });

  it("tracks generic ephemeral claims while their pod exists", () => {
    const u = PodUsage.of([pod("job", [], "Failed", ["scratch"])]);
    expect(u.ephemeral.has("team-a/job-scratch")).toBe(true);
    expect(u.mounted.has("team-a/job-scratch")).toBe(false);
    u.apply("DELETED", pod("job", [], "Failed", ["scratch"]));
    expect(u.ephemeral.has("team-a/job-scratch")).toBe(false);
    expect(u.pods.has("team-a/job")).toBe(false);
  });
});

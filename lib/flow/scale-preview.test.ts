import { describe, expect, it } from "vitest";
import {
  claimOrdinal,
  dataAfterDelete,
  previewDelete,
  previewScale,
  type PreviewContext,
  type PreviewWorkload,
} from "./scale-preview";

const set = (over: Partial<PreviewWorkload> = {}): PreviewWorkload => ({
  kind: "StatefulSet",
  namespace: "team-a",
  name: "web",
  replicas: 3,
  templateClaims: [],
  claimTemplates: ["data"],
  retention: { whenDeleted: "Retain", whenScaled: "Retain" },
  ...over,
});

const ctx = (over: Partial<PreviewContext> = {}): PreviewContext => ({
  claims: [0, 1, 2].map((i) => ({ name: `data-web-${i}`, volumeName: `pv-${i}`, storageClass: "ssd" })),
  volumes: [
    { name: "pv-0", reclaimPolicy: "Delete" },
    { name: "pv-1", reclaimPolicy: "Delete" },
    { name: "pv-2", reclaimPolicy: "Retain" },
  ],
  classes: [{ name: "ssd", reclaimPolicy: "Delete" }],
  pods: [0, 1, 2].map((i) => ({ name: `web-${i}`, claims: [`data-web-${i}`], workload: "StatefulSet/web" })),
  otherUsers: {},
  ...over,
});

const fates = (p: ReturnType<typeof previewScale>) => Object.fromEntries(p.claims.map((c) => [c.claim, c.fate]));

describe("previewScale, StatefulSet", () => {
  it("whenScaled=Delete: scaling 3 -> 1 deletes exactly the claims of ordinals 1 and 2", () => {
    const p = previewScale(set({ retention: { whenDeleted: "Retain", whenScaled: "Delete" } }), 1, ctx());
    expect(p.pods).toEqual(["web-1", "web-2"]);
    expect(fates(p)).toEqual({ "data-web-1": "deleted", "data-web-2": "deleted" });
    expect(p.claims.every((c) => c.deletedBy === "retention-policy")).toBe(true);
    // Reclaim policy per volume: pv-1 deletes the data, pv-2 keeps it as Released.
    expect(p.claims.find((c) => c.claim === "data-web-1")?.data).toMatch(/pv-1 and the data on it are deleted/);
    expect(p.claims.find((c) => c.claim === "data-web-2")?.data).toMatch(/pv-2 is kept as Released/);
  });

  it("whenScaled=Retain: the removed pods' claims stay for scaling back up", () => {
    const p = previewScale(set(), 1, ctx());
    expect(fates(p)).toEqual({ "data-web-1": "stays", "data-web-2": "stays" });
    expect(p.claims[0]?.why).toMatch(/whenScaled=Retain keeps its claim/);
  });

  it("scaling to 0 stops every pod", () => {
    const p = previewScale(set({ retention: { whenDeleted: "Retain", whenScaled: "Delete" } }), 0, ctx());
    expect(p.pods).toEqual(["web-0", "web-1", "web-2"]);
    expect(Object.values(fates(p))).toEqual(["deleted", "deleted", "deleted"]);
  });

  it("scaling up reuses kept claims and creates the missing ones", () => {
    const p = previewScale(set({ replicas: 1 }), 4, ctx({ pods: [{ name: "web-0", claims: ["data-web-0"], workload: "StatefulSet/web" }] }));
    expect(p.pods).toEqual([]);
    expect(fates(p)).toEqual({ "data-web-1": "reused", "data-web-2": "reused", "data-web-3": "created" });
  });

  it("claims kept from an earlier scale-down beyond the old size stay", () => {
    const p = previewScale(set({ replicas: 2 }), 1, ctx());
    expect(fates(p)).toEqual({ "data-web-1": "stays", "data-web-2": "stays" });
    expect(p.claims.find((c) => c.claim === "data-web-2")?.why).toMatch(/earlier scale-down/);
  });
});

describe("previewScale, Deployment", () => {
  const dep = set({ kind: "Deployment", name: "db", replicas: 1, templateClaims: ["mysql"], claimTemplates: [] });
  const c = ctx({
    claims: [{ name: "mysql", volumeName: "pv-0", storageClass: "ssd" }],
    pods: [{ name: "db-abc-1", claims: ["mysql"], workload: "Deployment/db" }],
  });
  it("to 0: the pod stops and the claim stays, still named by the Deployment", () => {
    const p = previewScale(dep, 0, c);
    expect(p.pods).toEqual(["db-abc-1"]);
    expect(fates(p)).toEqual({ mysql: "stays" });
    expect(p.claims[0]?.why).toMatch(/not counted as unused/);
  });
  it("back up: no pod stops", () => {
    expect(previewScale({ ...dep, replicas: 0 }, 1, c).pods).toEqual([]);
  });
});

describe("previewDelete", () => {
  const dep = set({ kind: "Deployment", name: "db", replicas: 1, templateClaims: ["mysql"], claimTemplates: [] });
  const c = ctx({
    claims: [{ name: "mysql", volumeName: "pv-0", storageClass: "ssd" }],
    pods: [{ name: "db-abc-1", claims: ["mysql"], workload: "Deployment/db" }],
  });

  it("keeps claims by default: they become unused", () => {
    const p = previewDelete(dep, false, c);
    expect(fates(p)).toEqual({ mysql: "unused" });
    expect(p.claims[0]?.why).toMatch(/unused review/);
    expect(p.pods).toEqual(["db-abc-1"]);
  });

  it("deletes the claims when asked, saying what the reclaim policy does", () => {
    const p = previewDelete(dep, true, c);
    expect(p.claims[0]).toMatchObject({ fate: "deleted", deletedBy: "you", reclaimPolicy: "Delete" });
    expect(p.claims[0]?.data).toMatch(/data on it are deleted/);
  });

  it("never deletes a claim another workload or pod uses", () => {
    const shared = ctx({ ...c, otherUsers: { mysql: "Deployment backup" } });
    expect(previewDelete(dep, true, shared).claims[0]).toMatchObject({ fate: "stays" });
    const podUser = ctx({ ...c, pods: [...c.pods, { name: "debug", claims: ["mysql"], workload: undefined }] });
    expect(previewDelete(dep, true, podUser).claims[0]?.why).toMatch(/Also used by pod debug/);
  });

  it("StatefulSet whenDeleted=Delete: the controller deletes every ordinal's claim", () => {
    const p = previewDelete(set({ retention: { whenDeleted: "Delete", whenScaled: "Retain" } }), false, ctx());
    expect(fates(p)).toEqual({ "data-web-0": "deleted", "data-web-1": "deleted", "data-web-2": "deleted" });
    expect(p.claims.every((x) => x.deletedBy === "retention-policy")).toBe(true);
  });

  it("StatefulSet whenDeleted=Retain: claims stay unused unless asked", () => {
    expect(Object.values(fates(previewDelete(set(), false, ctx())))).toEqual(["unused", "unused", "unused"]);
    expect(previewDelete(set(), true, ctx()).claims.every((x) => x.deletedBy === "you")).toBe(true);
  });
});

describe("helpers", () => {
  it("reads ordinals only from the set's own templates", () => {
    expect(claimOrdinal(set(), "data-web-12")).toBe(12);
    expect(claimOrdinal(set(), "data-webx-1")).toBeUndefined();
    expect(claimOrdinal(set(), "data-web-")).toBeUndefined();
  });
  it("describes the data after a delete", () => {
    expect(dataAfterDelete(undefined, "Delete")).toMatch(/no volume/);
    expect(dataAfterDelete("pv", "Retain")).toMatch(/Released/);
  });
});

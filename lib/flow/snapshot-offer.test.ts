import { describe, expect, it } from "vitest";
import { previewDelete, type PreviewContext, type PreviewWorkload } from "./scale-preview";
import { checkChoices, chosenSnapshots, snapshotOffers, type OfferFacts } from "./snapshot-offer";

const CSI = "local.csi.bindery.io";

const db: PreviewWorkload = {
  kind: "Deployment",
  namespace: "team-a",
  name: "db",
  replicas: 1,
  templateClaims: ["data", "logs", "shared"],
  claimTemplates: [],
  retention: { whenDeleted: "Retain", whenScaled: "Retain" },
};

const ctx: PreviewContext = {
  claims: ["data", "logs", "shared"].map((n) => ({ name: n, volumeName: `pv-${n}`, storageClass: "csi" })),
  volumes: ["data", "logs", "shared"].map((n) => ({ name: `pv-${n}`, reclaimPolicy: "Delete" })),
  classes: [{ name: "csi", reclaimPolicy: "Delete" }],
  pods: [{ name: "db-1", claims: ["data", "logs", "shared"], workload: "Deployment/db" }],
  otherUsers: { shared: "Deployment other" },
};

const facts = (over: Partial<OfferFacts> = {}): OfferFacts => ({
  available: true,
  drivers: [CSI],
  classes: [
    { name: "snap", driver: CSI, isDefault: true },
    { name: "snap-retain", driver: CSI, isDefault: false },
    { name: "other", driver: "other.csi.io", isDefault: true },
  ],
  claims: ["data", "logs", "shared"].map((n) => ({ name: n, uid: `uid-${n}`, phase: "Bound", deleting: false, driver: CSI })),
  ...over,
});

describe("snapshotOffers", () => {
  it("offers claims left unused (keep) or deleted (with claims), never one another workload still uses", () => {
    const keep = snapshotOffers(previewDelete(db, false, ctx), facts());
    expect(keep.map((o) => [o.claim, o.fate])).toEqual([["data", "unused"], ["logs", "unused"]]);
    const gone = snapshotOffers(previewDelete(db, true, ctx), facts());
    expect(gone.map((o) => [o.claim, o.fate])).toEqual([["data", "deleted"], ["logs", "deleted"]]);
    expect(gone[0]).toMatchObject({ uid: "uid-data", driver: CSI, classes: ["snap", "snap-retain"], defaultClass: "snap" });
  });

  it("offers the claims a StatefulSet's retention policy deletes", () => {
    const set: PreviewWorkload = { ...db, kind: "StatefulSet", name: "web", templateClaims: [], claimTemplates: ["d"], retention: { whenDeleted: "Delete", whenScaled: "Retain" } };
    const c: PreviewContext = { ...ctx, claims: [{ name: "d-web-0", volumeName: "pv-0", storageClass: "csi" }], otherUsers: {} };
    const offers = snapshotOffers(previewDelete(set, false, c), facts({ claims: [{ name: "d-web-0", uid: "u0", phase: "Bound", deleting: false, driver: CSI }] }));
    expect(offers).toMatchObject([{ claim: "d-web-0", fate: "deleted" }]);
  });

  it("offers nothing without the snapshot API, a registered driver, a class of the driver, or a Bound claim", () => {
    const plan = previewDelete(db, true, ctx);
    expect(snapshotOffers(plan, facts({ available: false }))).toEqual([]);
    expect(snapshotOffers(plan, facts({ drivers: [] }))).toEqual([]);
    expect(snapshotOffers(plan, facts({ classes: [{ name: "other", driver: "other.csi.io", isDefault: true }] }))).toEqual([]);
    const pending = facts({ claims: [{ name: "data", uid: "u", phase: "Pending", deleting: false, driver: CSI }, { name: "logs", uid: "u2", phase: "Bound", deleting: true, driver: CSI }] });
    expect(snapshotOffers(plan, pending)).toEqual([]);
    const hostPath = facts({ claims: [{ name: "data", uid: "u", phase: "Bound", deleting: false, driver: "kubernetes.io/host-path" }] });
    expect(snapshotOffers(plan, hostPath)).toEqual([]);
  });

  it("has no default class when a driver has several classes and none is default", () => {
    const offers = snapshotOffers(previewDelete(db, true, ctx), facts({ classes: [{ name: "a", driver: CSI, isDefault: false }, { name: "b", driver: CSI, isDefault: false }] }));
    expect(offers[0]?.defaultClass).toBeUndefined();
  });
});

describe("chosenSnapshots and checkChoices", () => {
  const offers = snapshotOffers(previewDelete(db, true, ctx), facts());

  it("reads snapshot.<claim> fields, skipping empty ones", () => {
    expect(chosenSnapshots({ "snapshot.data": "snap", "snapshot.logs": "", name: "db" })).toEqual([{ claim: "data", className: "snap" }]);
  });

  it("accepts offered claims with a class of their driver", () => {
    const r = checkChoices([{ claim: "data", className: "snap-retain" }], offers);
    expect(r.ok && r.picked.map((p) => [p.claim, p.className, p.uid])).toEqual([["data", "snap-retain", "uid-data"]]);
  });

  it("refuses a claim not offered (used elsewhere) and a class of another driver, next to the claim", () => {
    const r = checkChoices([{ claim: "shared", className: "snap" }, { claim: "logs", className: "other" }], offers);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fieldErrors["snapshot.shared"]).toMatch(/not offered/);
      expect(r.fieldErrors["snapshot.logs"]).toMatch(/driver local\.csi\.bindery\.io/);
    }
  });
});

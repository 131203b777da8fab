// "Snapshot first" offers for a workload's delete plan. Pure: the plan and the snapshot facts
// in, one offer per claim that loses its last user (deleted, or left unused) and whose CSI
// driver can cut snapshots. The confirm page shows them; the action recomputes them and takes
// only the snapshots it offered.

import { classesForDriver, defaultClassFor, type SnapshotClassLike } from "@/lib/storage/snapshots";
import type { ClaimPlan, Plan } from "./scale-preview";

export interface OfferFacts {
  /** The VolumeSnapshot CRDs are served and the person may create snapshots in the namespace. */
  available: boolean;
  /** Registered CSIDriver names: a claim of any other provisioner cannot be snapshotted. */
  drivers: string[];
  classes: SnapshotClassLike[];
  /** The namespace's claims: phase, uid and the CSI driver behind each. */
  claims: { name: string; uid: string; phase: string; deleting: boolean; driver: string | undefined }[];
}

export interface SnapshotOffer {
  claim: string;
  uid: string;
  fate: ClaimPlan["fate"];
  driver: string;
  classes: string[];
  /** Preselected: the driver's default class, else its only class. */
  defaultClass: string | undefined;
}

/** Claims whose data is at stake in this plan: deleted now, or left without any user. */
function atStake(c: ClaimPlan): boolean {
  return c.fate === "deleted" || c.fate === "unused";
}

export function snapshotOffers(plan: Plan, facts: OfferFacts): SnapshotOffer[] {
  if (!facts.available) return [];
  const offers: SnapshotOffer[] = [];
  for (const c of plan.claims.filter(atStake)) {
    const claim = facts.claims.find((x) => x.name === c.claim);
    // Only a Bound claim has data to snapshot; a claim already being deleted cannot be a source.
    if (!claim || claim.phase !== "Bound" || claim.deleting || !claim.driver) continue;
    if (!facts.drivers.includes(claim.driver)) continue;
    const classes = classesForDriver(facts.classes, claim.driver);
    if (!classes.length) continue;
    offers.push({
      claim: c.claim,
      uid: claim.uid,
      fate: c.fate,
      driver: claim.driver,
      classes: classes.map((x) => x.name),
      defaultClass: defaultClassFor(classes, claim.driver),
    });
  }
  return offers;
}

/** The form's choices: field `snapshot.<claim>` = the class to snapshot it with (absent or "" = none). */
export function chosenSnapshots(values: Record<string, string>): { claim: string; className: string }[] {
  return Object.entries(values)
    .filter(([k, v]) => k.startsWith("snapshot.") && v.trim() !== "")
    .map(([k, v]) => ({ claim: k.slice("snapshot.".length), className: v.trim() }));
}

/** Checks the choices against the offers: a claim not offered or a class not of its driver is refused. */
export function checkChoices(
  choices: { claim: string; className: string }[],
  offers: SnapshotOffer[],
): { ok: true; picked: (SnapshotOffer & { className: string })[] } | { ok: false; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const picked: (SnapshotOffer & { className: string })[] = [];
  for (const ch of choices) {
    const offer = offers.find((o) => o.claim === ch.claim);
    if (!offer) fieldErrors[`snapshot.${ch.claim}`] = `A snapshot of ${ch.claim} is not offered any more (its state changed); review the plan again.`;
    else if (!offer.classes.includes(ch.className)) fieldErrors[`snapshot.${ch.claim}`] = `Choose a snapshot class of driver ${offer.driver}.`;
    else picked.push({ ...offer, className: ch.className });
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, picked };
}

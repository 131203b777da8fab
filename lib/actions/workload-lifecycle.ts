"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { deleteWorkload, getWorkload, scaleWorkload, type WorkloadRow } from "@/lib/k8s/workloads";
import { deleteClaim, listClaims } from "@/lib/k8s/persistent-volume-claims";
import { loadOfferFacts, loadPreviewContext, toPreviewWorkload } from "@/lib/flow/load-lifecycle";
import { checkChoices, chosenSnapshots, snapshotOffers } from "@/lib/flow/snapshot-offer";
import { keepDays, retentionDate } from "@/lib/storage/snapshots";
import { previewDelete, previewScale, type Plan } from "@/lib/flow/scale-preview";
import { deleteWorkloadSchema, encodePlan, scaleSchema } from "@/lib/validations/workload-lifecycle";
import type { Identity } from "@/lib/k8s/identity";
import { parseForm, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { dryRunKept, keepAndWait, keptSnapshot } from "./kept-snapshots";

// Scale and delete a workload, as the signed-in person: the confirm page's plan is computed
// again here from the live state, dry-run by the apiserver, then carried out.

function workloadPath(w: Pick<WorkloadRow, "namespace" | "kind" | "name">): string {
  return `/workloads/${encodeURIComponent(w.namespace)}/${w.kind.toLowerCase()}/${encodeURIComponent(w.name)}`;
}

async function shownWorkload(id: Identity, v: { namespace: string; kind: string; name: string; uid: string }) {
  const w = await getWorkload(id, v.namespace, v.kind, v.name);
  return w && w.uid === v.uid ? w : undefined;
}

const GONE = "This workload no longer exists (or was recreated under the same name). Open it again from the workloads list.";

export async function scaleWorkloadAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(scaleSchema, formData, "Check the number of replicas.");
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const fail = (message: string, field = "replicas"): ActionResult => ({ ok: false, message, fieldErrors: { [field]: message }, values });
  const w = await shownWorkload(id, v);
  if (!w) return { ok: false, message: GONE, fieldErrors: {}, values };
  if (w.replicas !== v.from)
    return fail(`It was scaled to ${w.replicas} since this page was opened; preview again before confirming.`);
  if (v.replicas === w.replicas) return fail(`It already wants ${w.replicas} replicas.`);
  const plan = previewScale(toPreviewWorkload(w), v.replicas, await loadPreviewContext(id, w));
  try {
    await scaleWorkload(id, w.kind, w.namespace, w.name, v.replicas, true);
    await scaleWorkload(id, w.kind, w.namespace, w.name, v.replicas);
  } catch (e) {
    return k8sFailure(e, { "spec.replicas": "replicas" }, values);
  }
  revalidatePath("/workloads");
  redirect(`${workloadPath(w)}${goingDown(plan) ? `?plan=${encodePlan(plan)}` : ""}`);
}

function goingDown(p: Plan): boolean {
  return p.pods.length > 0 || p.claims.some((c) => c.fate === "deleted");
}

export async function deleteWorkloadAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(deleteWorkloadSchema, formData, "Tick the box to confirm.");
  if (!form.ok) return form.result;
  const { data: v, values } = form;
  const w = await shownWorkload(id, v);
  if (!w) return { ok: false, message: GONE, fieldErrors: {}, values };
  const found = previewDelete(toPreviewWorkload(w), v.deleteClaims === "true", await loadPreviewContext(id, w));
  const picked = checkChoices(chosenSnapshots(values), snapshotOffers(found, await loadOfferFacts(id, w.namespace)));
  if (!picked.ok) return { ok: false, message: "Check the snapshot choices.", fieldErrors: picked.fieldErrors, values };
  const claims = new Map((await listClaims(id, w.namespace)).map((c) => [c.name, c]));
  const until = retentionDate(new Date(), keepDays(process.env));
  const snapshots = picked.picked.map((p) => {
    const c = claims.get(p.claim);
    return keptSnapshot(id.user, { namespace: w.namespace, claim: p.claim, uid: p.uid, className: p.className, storageClass: c?.storageClass, accessModes: c?.accessModes ?? [] }, until);
  });
  const keptOf = new Map(snapshots.map((b) => [b.spec.source.persistentVolumeClaimName, b.metadata.name]));
  const plan: Plan = { ...found, claims: found.claims.map((c) => (keptOf.has(c.claim) ? { ...c, snapshot: keptOf.get(c.claim) } : c)) };
  const mine = plan.claims.filter((c) => c.fate === "deleted" && c.deletedBy === "you");
  const uid = (name: string) => claims.get(name)?.uid;
  let notReady: string | undefined;
  try {
    // Everything is dry-run first, so a refusal for one object leaves all of them in place.
    await deleteWorkload(id, w.kind, w.namespace, w.name, w.uid, true);
    for (const c of mine) await deleteClaim(id, w.namespace, c.claim, uid(c.claim), true);
    await dryRunKept(id, snapshots);
    // Snapshots first: nothing is deleted until every chosen snapshot is ready to use.
    if (snapshots.length) notReady = await keepAndWait(id, snapshots);
    if (!notReady) await deleteWorkload(id, w.kind, w.namespace, w.name, w.uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  if (notReady) return { ok: false, message: `${notReady}; nothing was deleted. Try again once the snapshots are ready.`, fieldErrors: {}, values };
  const failed: string[] = [];
  for (const c of mine) {
    // pvc-protection keeps each claim until the workload's pods have stopped; then it goes.
    await deleteClaim(id, w.namespace, c.claim, uid(c.claim)).catch(() => failed.push(c.claim));
  }
  revalidatePath("/workloads");
  revalidatePath("/claims");
  if (failed.length)
    return {
      ok: false,
      message: `The ${w.kind} was deleted, but deleting claim ${failed.join(", ")} failed; delete it from its page.`,
      fieldErrors: {},
      values,
    };
  redirect(`${workloadPath(w)}/deleted?plan=${encodePlan(plan)}`);
}

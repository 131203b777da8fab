"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireSession } from "@/lib/auth/session";
import { deleteWorkload, getWorkload, scaleWorkload, type WorkloadRow } from "@/lib/k8s/workloads";
import { deleteClaim, listClaims } from "@/lib/k8s/persistent-volume-claims";
import { loadPreviewContext, toPreviewWorkload } from "@/lib/flow/load-lifecycle";
import { previewDelete, previewScale, type Plan } from "@/lib/flow/scale-preview";
import { deleteWorkloadSchema, encodePlan, scaleSchema } from "@/lib/validations/workload-lifecycle";
import type { Identity } from "@/lib/k8s/identity";
import { parseForm, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";

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
  const plan = previewDelete(toPreviewWorkload(w), v.deleteClaims === "true", await loadPreviewContext(id, w));
  const mine = plan.claims.filter((c) => c.fate === "deleted" && c.deletedBy === "you");
  const uids = new Map((await listClaims(id, w.namespace)).map((c) => [c.name, c.uid]));
  try {
    // Everything is dry-run first, so a refusal for one object leaves all of them in place.
    await deleteWorkload(id, w.kind, w.namespace, w.name, w.uid, true);
    for (const c of mine) await deleteClaim(id, w.namespace, c.claim, uids.get(c.claim), true);
    await deleteWorkload(id, w.kind, w.namespace, w.name, w.uid);
  } catch (e) {
    return k8sFailure(e, {}, values);
  }
  const failed: string[] = [];
  for (const c of mine) {
    // pvc-protection keeps each claim until the workload's pods have stopped; then it goes.
    await deleteClaim(id, w.namespace, c.claim, uids.get(c.claim)).catch(() => failed.push(c.claim));
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

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireSession, workspaceNamespaces } from "@/lib/auth/session";
import { createClaim, deleteClaim, getClaim } from "@/lib/k8s/persistent-volume-claims";
import { listStorageClasses } from "@/lib/k8s/storage-classes";
import { storageBudgets } from "@/lib/k8s/quotas";
import { createSecret, deleteSecret } from "@/lib/k8s/secrets";
import { createWorkload, type WorkloadKind } from "@/lib/k8s/workloads";
import { budgetProblem } from "@/lib/validations/claim";
import { workloadManifests, workloadRequestSchema } from "@/lib/validations/workload";
import { parseQuantity } from "@/lib/quantity";
import type { Identity } from "@/lib/k8s/identity";
import { parseForm, type ActionResult } from "./result";
import { k8sFailure } from "./k8s-failure";
import { CLAIM_FIELDS, withSizeFallback } from "./claim-failure";

const WORKLOAD_FIELDS: Record<string, string> = {
  ...CLAIM_FIELDS,
  "spec.template.spec.containers[0].image": "image",
  "spec.template.spec.containers[0].volumeMounts": "mountPath",
  "spec.template.spec.containers[0].command": "command",
  "spec.volumeClaimTemplates[0].spec.resources.requests.storage": "size",
  "spec.volumeClaimTemplates[0].spec.storageClassName": "storageClass",
  "spec.volumeClaimTemplates[0].metadata.name": "claimName",
  "spec.replicas": "replicas",
  "spec.persistentVolumeClaimRetentionPolicy.whenDeleted": "whenDeleted",
  "spec.persistentVolumeClaimRetentionPolicy.whenScaled": "whenScaled",
  stringData: "rootPassword",
};

type Obj = ReturnType<typeof workloadManifests>[number];

function send(id: Identity, ns: string, o: Obj, dryRun: boolean): Promise<unknown> {
  if (o.kind === "PersistentVolumeClaim") return createClaim(id, ns, o.body, dryRun);
  if (o.kind === "Secret") return createSecret(id, ns, o.body, dryRun);
  return createWorkload(id, o.kind as WorkloadKind, ns, o.body, dryRun);
}

export async function requestWorkloadAction(
  _prev: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  const id = await requireSession();
  const form = parseForm(workloadRequestSchema, formData);
  if (!form.ok) return form.result;
  const { data: w, values } = form;
  const fail = (
    fieldErrors: Record<string, string>,
    message = "Check the highlighted fields.",
  ): ActionResult => ({ ok: false, message, fieldErrors, values });
  if (!(await workspaceNamespaces(id)).includes(w.namespace))
    return fail({ namespace: "You cannot create workloads in this namespace." });
  const newClaim = w.template === "statefulset" || w.claimMode === "new";
  if (
    w.claimMode === "existing" &&
    w.template !== "statefulset" &&
    !(await getClaim(id, w.namespace, w.claimName ?? ""))
  ) {
    return fail({ claimName: `There is no claim ${w.claimName} in ${w.namespace}.` });
  }
  if (newClaim) {
    if (!(await listStorageClasses()).some((c) => c.name === w.storageClass))
      return fail({ storageClass: "This class does not exist (any more)." });
    // A StatefulSet asks once per replica.
    const each = parseQuantity(w.size) ?? 0;
    const total = w.template === "statefulset" ? `${each * (w.replicas ?? 1)}` : (w.size ?? "");
    const problem = budgetProblem(
      (await storageBudgets([w.namespace]))[w.namespace],
      total,
      w.storageClass,
    );
    if (problem) return fail({ size: problem }, problem);
  }
  const objects = workloadManifests(w);
  try {
    for (const o of objects) await send(id, w.namespace, o, true);
  } catch (e) {
    return withSizeFallback(k8sFailure(e, WORKLOAD_FIELDS, values), e);
  }
  const created: Obj[] = [];
  try {
    for (const o of objects) {
      await send(id, w.namespace, o, false);
      created.push(o);
    }
  } catch (e) {
    // One submit, one result: take back what this submit created before the failure.
    for (const o of created.reverse()) {
      if (o.kind === "PersistentVolumeClaim")
        await deleteClaim(id, w.namespace, o.name, undefined).catch(() => undefined);
      if (o.kind === "Secret") await deleteSecret(id, w.namespace, o.name).catch(() => undefined);
    }
    return withSizeFallback(k8sFailure(e, WORKLOAD_FIELDS, values), e);
  }
  revalidatePath("/workloads");
  const kind = objects[objects.length - 1]?.kind.toLowerCase() ?? "deployment";
  redirect(`/workloads/${encodeURIComponent(w.namespace)}/${kind}/${encodeURIComponent(w.name)}`);
}

import "server-only";
import { isK8sError } from "@/lib/k8s/errors";
import type { ActionResult } from "./result";

/** Apiserver field paths of a claim -> request form fields. */
export const CLAIM_FIELDS: Record<string, string> = {
  "metadata.name": "name",
  "metadata.namespace": "namespace",
  "spec.resources.requests.storage": "size",
  "spec.resources": "size",
  "spec.accessModes": "accessMode",
  "spec.volumeMode": "volumeMode",
  "spec.storageClassName": "storageClass",
  "spec.volumeName": "volumeName",
};

/** Admission refusals (quota, LimitRange) carry no field; they are about the size. */
export function withSizeFallback(r: ActionResult, e: unknown): ActionResult {
  if (r.ok || Object.keys(r.fieldErrors).length) return r;
  if (isK8sError(e) && e.kind === "already-exists")
    return { ...r, fieldErrors: { name: r.message } };
  if (isK8sError(e) && e.kind !== "unavailable" && /quota|maximum|minimum|storage/i.test(e.message))
    return { ...r, fieldErrors: { size: e.message } };
  return r;
}

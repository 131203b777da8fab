import "server-only";
import { isK8sError, safeMessage } from "@/lib/k8s/errors";
import type { ActionResult } from "./result";
import { log } from "@/lib/log";

/**
 * Turns a thrown apiserver error into an action result, mapping the apiserver's field paths
 * (e.g. "spec.resources.requests.storage") onto form field names.
 */
export function k8sFailure(e: unknown, fieldMap: Record<string, string>, values?: Record<string, string>): ActionResult {
  const fieldErrors: Record<string, string> = {};
  if (isK8sError(e)) {
    for (const [path, msg] of Object.entries(e.fieldErrors)) {
      const match = Object.keys(fieldMap).find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
      const field = match ? fieldMap[match] : undefined;
      if (field && !fieldErrors[field]) fieldErrors[field] = msg;
    }
  } else {
    log.error("unexpected action failure", e);
  }
  return { ok: false, message: safeMessage(e), fieldErrors, values };
}

/**
 * The write step of an action: the apiserver checks it first (dry run: admission, quota,
 * RBAC), then it is made as the person. A refusal at either step becomes the form's result
 * (undefined = written).
 */
export async function dryRunThenWrite(write: (dryRun: boolean) => Promise<unknown>, onError: (e: unknown) => ActionResult): Promise<ActionResult | undefined> {
  try {
    await write(true);
    await write(false);
    return undefined;
  } catch (e) {
    return onError(e);
  }
}

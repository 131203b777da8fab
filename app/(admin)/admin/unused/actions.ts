"use server";

import { revalidatePath } from "next/cache";
import { requireAdmin } from "@/lib/auth/session";
import { formValues, zodFieldErrors, type ActionResult } from "@/lib/actions/result";
import { previewCleanup, runCleanup } from "@/lib/k8s/cleanup";
import { safeMessage } from "@/lib/k8s/errors";
import { currentReview } from "@/lib/unused/review";
import type { CleanupItemResult, PreviewItem } from "@/lib/unused/cleanup-types";
import type { Finding } from "@/lib/unused/types";
import { cleanupInput, cleanupSchema, parseDuration, previewSchema, DEFAULT_QUERY } from "@/lib/validations/unused";

export type PreviewState = ActionResult & { preview?: PreviewItem[]; missing?: string[]; pending?: string };
export type CleanupState = ActionResult & { results?: CleanupItemResult[] };

/** The pending threshold the rows were selected under, so the re-check uses the same rule. */
function pendingMs(formData: FormData): number {
  return parseDuration(String(formData.get("pending") ?? "")) ?? DEFAULT_QUERY.pendingMs;
}

async function findingsById(ms: number, fresh: boolean): Promise<Map<string, Finding>> {
  const r = await currentReview(ms, { fresh });
  // Usage advice is about claims in use: never a cleanup candidate, whatever the form sends.
  return new Map(r.findings.filter((f) => !f.advice).map((f) => [f.id, f]));
}

/** Step 1: what exactly would go, checked by a server-side dry-run as the admin. */
export async function previewCleanupAction(_prev: PreviewState | null, formData: FormData): Promise<PreviewState> {
  const id = await requireAdmin();
  const parsed = previewSchema.safeParse({ sel: formData.getAll("sel").map(String) });
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues[0]?.message ?? "Select rows to clean up.", fieldErrors: zodFieldErrors(parsed.error), values: formValues(formData) };
  }
  try {
    const current = await findingsById(pendingMs(formData), true);
    const found = parsed.data.sel.map((s) => current.get(s)).filter((f): f is Finding => Boolean(f));
    const missing = parsed.data.sel.filter((s) => !current.has(s));
    const preview = await previewCleanup(id, found);
    const ok = preview.filter((p) => p.dryRun.ok).length;
    return { ok: true, message: `Dry run: ${ok} of ${preview.length} can be deleted.`, preview, missing, pending: String(formData.get("pending") ?? "") };
  } catch (e) {
    return { ok: false, message: safeMessage(e), fieldErrors: {}, values: formValues(formData) };
  }
}

/** Step 2: typed confirmation, then deletes as the admin with preconditions; one result per object. */
export async function runCleanupAction(_prev: CleanupState | null, formData: FormData): Promise<CleanupState> {
  const id = await requireAdmin();
  const parsed = cleanupSchema.safeParse(cleanupInput(formData));
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error);
    return { ok: false, message: fieldErrors.confirm ?? "The selection could not be read; review it again.", fieldErrors, values: formValues(formData) };
  }
  let results: CleanupItemResult[];
  try {
    // Re-classify from the cache now: anything mounted or labelled keep since the preview is skipped.
    const current = await findingsById(pendingMs(formData), true);
    results = await runCleanup(id, parsed.data.items, { retain: parsed.data.retain, current });
  } catch (e) {
    return { ok: false, message: safeMessage(e), fieldErrors: {}, values: formValues(formData) };
  }
  revalidatePath("/admin/unused");
  const deleted = results.filter((r) => r.outcome === "deleted").length;
  const message = deleted === results.length ? `Deleted ${deleted} object${deleted === 1 ? "" : "s"}.` : `Deleted ${deleted} of ${results.length}; see each object below.`;
  return deleted === results.length ? { ok: true, message, results } : { ok: false, message, fieldErrors: {}, results };
}

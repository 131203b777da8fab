import type { ZodError } from "zod";

/**
 * The one shape every server action returns. `values` echoes what the person typed so a
 * failed submit never loses it.
 */
export type ActionResult =
  | { ok: true; message?: string }
  | { ok: false; message: string; fieldErrors: Record<string, string>; values?: Record<string, string> };

export const initialResult: ActionResult | null = null;

/** First message per form field from a zod error. */
export function zodFieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}

/** Plain string copy of the submitted form, for re-filling inputs after an error. */
export function formValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) {
    if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = out[k] === undefined ? v : `${out[k]}\n${v}`;
  }
  return out;
}

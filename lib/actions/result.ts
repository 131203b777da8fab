import type { ZodError, ZodType, infer as Infer } from "zod";

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

/**
 * The first step of every action: the form's values (kept for re-filling) and the schema's
 * verdict, or a ready failure result with a message per field.
 */
export function parseForm<S extends ZodType>(
  schema: S,
  formData: FormData,
  message = "Check the highlighted fields.",
): { ok: true; data: Infer<S>; values: Record<string, string> } | { ok: false; result: ActionResult } {
  const values = formValues(formData);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, result: { ok: false, message, fieldErrors: zodFieldErrors(parsed.error), values } };
}

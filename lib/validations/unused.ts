import { z } from "zod";
import { REASONS } from "@/lib/unused/types";

/** Review filters, sorting and paging live in the URL so a view can be shared and reloaded. */
export const SORT_KEYS = ["since", "capacity", "name", "namespace", "class", "reason"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export const MAX_SELECTION = 100;

const DURATION = /^(\d{1,6})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "30m", "1h", "2d" -> ms; undefined when malformed. */
export function parseDuration(s: string): number | undefined {
  const m = DURATION.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const fields = {
  reason: z.enum(REASONS, { message: "Unknown reason." }).optional(),
  class: z.string().trim().max(253, "Too long.").optional(),
  ns: z.string().trim().max(63, "Too long.").optional(),
  olderThan: z.coerce.number({ message: "Enter a number of days." }).int("Enter whole days.").min(0, "Enter 0 or more days.").max(3650, "At most 3650 days.").optional(),
  pending: z
    .string()
    .trim()
    .refine((s) => parseDuration(s) !== undefined, "Use a duration such as 30m, 1h or 2d.")
    .refine((s) => (parseDuration(s) ?? 0) <= 365 * UNIT_MS.d, "At most 365d."),
  sort: z.enum(SORT_KEYS),
  dir: z.enum(["asc", "desc"]),
  page: z.coerce.number().int().min(1).max(1_000_000),
  size: z.coerce.number().refine((n) => (PAGE_SIZES as readonly number[]).includes(n), "Pick 25, 50 or 100."),
  view: z.enum(["findings", "kept"]),
};

export interface ReviewQuery {
  reason: (typeof REASONS)[number] | undefined;
  class: string | undefined;
  ns: string | undefined;
  olderThan: number | undefined;
  pending: string;
  pendingMs: number;
  sort: SortKey;
  dir: "asc" | "desc";
  page: number;
  size: number;
  view: "findings" | "kept";
}

export const DEFAULT_QUERY: ReviewQuery = {
  reason: undefined,
  class: undefined,
  ns: undefined,
  olderThan: undefined,
  pending: "1h",
  pendingMs: 3_600_000,
  sort: "since",
  dir: "asc",
  page: 1,
  size: 50,
  view: "findings",
};

type Raw = Record<string, string | string[] | undefined>;

function first(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === "" ? undefined : s;
}

/**
 * URL params -> a query. A bad value never fails the page: it falls back to the default and
 * the message is shown next to that filter.
 */
export function parseReviewQuery(raw: Raw): { query: ReviewQuery; errors: Record<string, string> } {
  const query: ReviewQuery = { ...DEFAULT_QUERY };
  const errors: Record<string, string> = {};
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const value = first(raw[key]);
    if (value === undefined) continue;
    const r = fields[key].safeParse(value);
    if (!r.success) {
      errors[key] = r.error.issues[0]?.message ?? "Invalid value.";
      continue;
    }
    (query as unknown as Record<string, unknown>)[key] = r.data;
  }
  query.pendingMs = parseDuration(query.pending) ?? DEFAULT_QUERY.pendingMs;
  return { query, errors };
}

/** The URL for a query, dropping defaults so links stay short. */
export function queryString(q: Partial<ReviewQuery>, overrides: Partial<ReviewQuery> = {}): string {
  const merged = { ...DEFAULT_QUERY, ...q, ...overrides };
  const params = new URLSearchParams();
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const v = merged[key];
    if (v === undefined || v === DEFAULT_QUERY[key]) continue;
    params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

// --- Cleanup forms -------------------------------------------------------------------

const NAME = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";
export const findingIdSchema = z.string().regex(new RegExp(`^(pv:${NAME}|pvc:${NAME}/${NAME})$`), "Unknown row.");

export const previewSchema = z.object({
  sel: z.array(findingIdSchema).min(1, "Select at least one row.").max(MAX_SELECTION, `Select at most ${MAX_SELECTION} rows at a time.`),
});

/** What the preview showed, echoed back so nothing changed since then gets deleted. */
export const cleanupItemSchema = z.object({
  id: findingIdSchema,
  uid: z.string().min(1),
  resourceVersion: z.string().min(1),
  volume: z.object({ name: z.string().min(1), resourceVersion: z.string().min(1) }).optional(),
});
export type CleanupItem = z.infer<typeof cleanupItemSchema>;

/** "delete", or the number of objects, typed by hand. */
export function confirmationMatches(typed: string, count: number): boolean {
  const t = typed.trim();
  return t === "delete" || t === String(count);
}

export const cleanupSchema = z
  .object({
    items: z.array(cleanupItemSchema).min(1, "Nothing to delete.").max(MAX_SELECTION),
    confirm: z.string(),
    retain: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (!confirmationMatches(v.confirm, v.items.length)) {
      ctx.addIssue({ code: "custom", path: ["confirm"], message: `Type delete or ${v.items.length} to confirm.` });
    }
  });

/** Form data of the confirm step -> the object the schema checks. */
export function cleanupInput(formData: FormData): unknown {
  const items = formData.getAll("item").map((v) => {
    try {
      return JSON.parse(String(v)) as unknown;
    } catch {
      return null;
    }
  });
  return { items, confirm: String(formData.get("confirm") ?? ""), retain: formData.get("retain") === "on" };
}

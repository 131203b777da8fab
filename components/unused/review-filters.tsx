import Link from "next/link";
import { REASONS, REASON_LABELS } from "@/lib/unused/types";
import { DEFAULT_QUERY, PAGE_SIZES, type ReviewQuery } from "@/lib/validations/unused";
import { Field, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

const MAX_NAMESPACE_OPTIONS = 300;

/**
 * Filters as a plain GET form: works without JavaScript and keeps everything in the URL.
 * Bad values were already replaced by defaults; their messages show next to the field.
 */
export function ReviewFilters({ query, errors, classes, namespaces }: { query: ReviewQuery; errors: Record<string, string>; classes: string[]; namespaces: string[] }) {
  return (
    <form method="get" className="mb-4 grid grid-cols-2 items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 md:grid-cols-7" aria-label="Filters">
      <Field name="reason" label="Reason" error={errors.reason}>
        <select id="reason" name="reason" defaultValue={query.reason ?? ""} className={inputClass(errors.reason)}>
          <option value="">All reasons</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {REASON_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="class" label="Storage class" error={errors.class}>
        <select id="class" name="class" defaultValue={query.class ?? ""} className={inputClass(errors.class)}>
          <option value="">All classes</option>
          {classes.filter(Boolean).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
      <Field name="ns" label="Namespace" error={errors.ns}>
        {namespaces.length <= MAX_NAMESPACE_OPTIONS ? (
          <select id="ns" name="ns" defaultValue={query.ns ?? ""} className={inputClass(errors.ns)}>
            <option value="">All namespaces</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        ) : (
          <input id="ns" name="ns" defaultValue={query.ns ?? ""} placeholder="any" className={inputClass(errors.ns)} />
        )}
      </Field>
      <Field name="olderThan" label="Unused for (days) ≥" error={errors.olderThan}>
        <input id="olderThan" name="olderThan" type="number" min={0} defaultValue={query.olderThan ?? ""} className={inputClass(errors.olderThan)} />
      </Field>
      <Field name="pending" label="Pending longer than" error={errors.pending} hint="e.g. 30m, 1h, 2d">
        <input id="pending" name="pending" defaultValue={query.pending} className={inputClass(errors.pending)} />
      </Field>
      <Field name="size" label="Rows per page" error={errors.size}>
        <select id="size" name="size" defaultValue={String(query.size)} className={inputClass(errors.size)}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      {query.sort !== DEFAULT_QUERY.sort ? <input type="hidden" name="sort" value={query.sort} /> : null}
      {query.dir !== DEFAULT_QUERY.dir ? <input type="hidden" name="dir" value={query.dir} /> : null}
      {query.view !== DEFAULT_QUERY.view ? <input type="hidden" name="view" value={query.view} /> : null}
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <Link prefetch={false} href="/admin/unused" className="self-center text-sm text-slate-600 hover:underline">
          Reset
        </Link>
      </div>
    </form>
  );
}

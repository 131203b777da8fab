import { retentionText, type Retention } from "@/lib/flow/scale-preview";

/** A StatefulSet's claim retention policy and what it means, in plain words. */
export function RetentionSummary({ retention }: { retention: Retention }) {
  const text = retentionText(retention);
  return (
    <dl data-testid="retention-policy" className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className="font-medium text-slate-600">whenDeleted</dt>
      <dd>
        <strong data-testid="retention-when-deleted">{retention.whenDeleted}</strong>: {text.whenDeleted}
      </dd>
      <dt className="font-medium text-slate-600">whenScaled</dt>
      <dd>
        <strong data-testid="retention-when-scaled">{retention.whenScaled}</strong>: {text.whenScaled}
      </dd>
    </dl>
  );
}

import { REASON_LABELS, type Finding, type KeptFinding } from "./types";

/**
 * The review as CSV (RFC 4180): one row per finding, kept objects marked in kept_because, usage
 * advice (mounted claims: empty / over-sized) marked "resize" in advice, with `bytes` = reclaimable.
 */

const COLUMNS = [
  "kind",
  "namespace",
  "name",
  "reason",
  "reason_label",
  "detail",
  "unused_since",
  "since_source",
  "capacity",
  "bytes",
  "storage_class",
  "volume",
  "reclaim_policy",
  "former_claim",
  "uid",
  "kept_because",
  "advice",
  "peak_used_bytes",
  "suggested_bytes",
] as const;

function cell(v: string | number | undefined): string {
  let s = v === undefined ? "" : String(v);
  // Spreadsheet formula injection: a leading = + - @ would be evaluated when opened.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(f: Finding | KeptFinding): string {
  const keptBecause = "keptBecause" in f ? f.keptBecause : "";
  return [
    f.kind,
    f.namespace,
    f.name,
    f.reason,
    REASON_LABELS[f.reason],
    f.detail,
    f.since,
    f.sinceSource,
    f.capacity,
    f.bytes,
    f.storageClass,
    f.volumeName,
    f.reclaimPolicy,
    f.formerClaim,
    f.uid,
    keptBecause,
    // Usage advice: the claim is in use; `bytes` is what resizing could give back.
    f.advice ? "resize" : "",
    f.advice?.peakBytes,
    f.advice?.suggestedBytes,
  ]
    .map(cell)
    .join(",");
}

export function toCsv(findings: Finding[], kept: KeptFinding[] = []): string {
  const lines = [COLUMNS.join(",")];
  for (const f of findings) lines.push(row(f));
  for (const k of kept) lines.push(row(k));
  return lines.join("\r\n") + "\r\n";
}

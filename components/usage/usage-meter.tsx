import Link from "next/link";
import { humanBytes, humanCount, humanPercent } from "@/lib/usage/format";
import { CRITICAL_PERCENT, inodePercent, levelOf, unknownText, usageLevel, usedPercent, WARNING_PERCENT, type UsageLevel } from "@/lib/usage/level";
import type { ClaimUsage } from "@/lib/usage/types";
import { cn } from "@/components/ui/cn";

const BAR: Record<UsageLevel, string> = { ok: "bg-emerald-500", warning: "bg-amber-500", critical: "bg-rose-600" };
const TEXT: Record<UsageLevel, string> = { ok: "text-slate-600", warning: "text-amber-800", critical: "text-rose-800" };

/** A bar with its figure in text (the colour is never the only signal). */
function Bar({ percent, level, label, valueText }: { percent: number; level: UsageLevel; label: string; valueText: string }) {
  const shown = Math.min(100, Math.max(0, percent));
  return (
    <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(shown)} aria-valuetext={valueText} className="h-2 w-full overflow-hidden rounded-full bg-slate-200">
      {/* A sliver stays visible for a nearly empty volume, so "little" never reads as "nothing". */}
      <div className={cn("h-full rounded-full", BAR[level])} style={{ width: `${percent > 0 ? Math.max(shown, 1) : 0}%` }} />
    </div>
  );
}

function warning(level: UsageLevel): string | undefined {
  if (level === "critical") return `Over ${CRITICAL_PERCENT} % full`;
  if (level === "warning") return `Over ${WARNING_PERCENT} % full`;
  return undefined;
}

/**
 * A claim's usage: used / capacity / %, a bar and (in full) inodes; a warning at 80 % and 90 %
 * with "grow it" when the class allows expansion; or "usage unknown" with the reason, never 0 %.
 */
export function UsageMeter({ usage, growHref, compact = false, name }: { usage: ClaimUsage | undefined; growHref?: string; compact?: boolean; name?: string }) {
  if (!usage || !usage.known) {
    const reason = usage && !usage.known ? usage.reason : "not-collected";
    return (
      <p data-testid="usage-unknown" data-reason={reason} className={cn("text-slate-500", compact ? "max-w-48 whitespace-normal text-xs" : "text-sm")}>
        {unknownText(reason)}
      </p>
    );
  }
  const u = usage.usage;
  const pct = usedPercent(u);
  const level = usageLevel(u);
  const bytesLevel = levelOf(pct);
  const figure = `${humanBytes(u.usedBytes)} of ${humanBytes(u.capacityBytes)} used (${humanPercent(pct)})`;
  const warn = warning(level);
  const ipct = inodePercent(u);
  return (
    <div data-testid="usage" data-level={level} className={cn("space-y-1", compact ? "w-44" : "w-full")}>
      <Bar percent={pct ?? 0} level={bytesLevel} label={name ? `Usage of ${name}` : "Volume usage"} valueText={figure} />
      <p className={cn("tabular-nums", compact ? "text-xs" : "text-sm", TEXT[level])} data-testid="usage-figure">
        {humanBytes(u.usedBytes)} / {humanBytes(u.capacityBytes)} · {humanPercent(pct)}
      </p>
      {!compact && ipct !== undefined ? (
        <p className="text-xs tabular-nums text-slate-600" data-testid="usage-inodes">
          Inodes: {humanCount(u.inodesUsed)} of {humanCount(u.inodes)} ({humanPercent(ipct)})
        </p>
      ) : null}
      {warn ? (
        <p role={compact ? undefined : "status"} data-testid="usage-warning" className={cn("text-xs font-medium", TEXT[level])}>
          ⚠ {warn}
          {level !== bytesLevel ? " (inodes)" : ""}
          {growHref ? (
            <>
              {" · "}
              <Link href={growHref} className="underline">
                grow it
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {!compact ? <p className="text-xs text-slate-500">Measured {new Date(u.at).toISOString().slice(11, 19)} UTC</p> : null}
    </div>
  );
}

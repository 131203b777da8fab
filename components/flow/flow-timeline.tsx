import Link from "next/link";
import type { FlowStep } from "@/lib/flow/types";
import { formatDuration } from "@/lib/flow/facts";
import { cn } from "@/components/ui/cn";

const DOT: Record<FlowStep["status"], string> = {
  done: "bg-emerald-500 ring-emerald-200",
  current: "bg-indigo-500 ring-indigo-200 animate-pulse",
  stalled: "bg-rose-500 ring-rose-200",
  pending: "bg-white ring-slate-300",
  skipped: "bg-slate-200 ring-slate-200",
};

const WORD: Record<FlowStep["status"], string> = {
  done: "done",
  current: "in progress",
  stalled: "stalled",
  pending: "not yet",
  skipped: "not needed",
};

function clock(iso: string | undefined): string {
  if (!iso) return "";
  return `${new Date(iso).toISOString().slice(11, 19)} UTC`;
}

/** The steps in order, each with when it happened, how long it took, and why it waits. */
export function FlowTimeline({
  steps,
  label = "Flow steps",
}: {
  steps: FlowStep[];
  label?: string;
}) {
  return (
    <ol aria-label={label} className="relative space-y-4 border-l border-slate-200 pl-6">
      {steps.map((s, i) => (
        <li
          key={s.id}
          data-testid={`flow-step-${s.id}`}
          data-status={s.status}
          data-order={i}
          className="relative"
        >
          <span
            className={cn(
              "absolute -left-[1.85rem] top-1 h-3.5 w-3.5 rounded-full ring-4",
              DOT[s.status],
            )}
            aria-hidden
          />
          <div className="flex flex-wrap items-baseline gap-x-3">
            <span
              className={cn(
                "font-medium",
                s.status === "pending" || s.status === "skipped"
                  ? "text-slate-500"
                  : "text-slate-900",
              )}
            >
              {s.label}
            </span>
            <span
              className={cn(
                "text-xs",
                s.status === "stalled" ? "font-semibold text-rose-700" : "text-slate-500",
              )}
              data-testid="step-status"
            >
              {WORD[s.status]}
            </span>
            {s.at ? (
              <time
                dateTime={s.at}
                className="text-xs text-slate-500"
                title={s.approximate ? "Inferred from a neighbouring fact" : s.at}
              >
                {s.approximate ? "≈ " : ""}
                {clock(s.at)}
              </time>
            ) : null}
            {s.durationMs !== undefined ? (
              <span className="text-xs text-slate-500" data-testid="step-duration">
                {s.status === "done"
                  ? `+${formatDuration(s.durationMs)}`
                  : `waiting ${formatDuration(s.durationMs)}`}
              </span>
            ) : null}
          </div>
          {s.reason ? (
            <p
              className={cn(
                "mt-0.5 text-sm",
                s.status === "stalled" ? "text-rose-900" : "text-slate-700",
              )}
              data-testid="step-reason"
            >
              {s.reason}
            </p>
          ) : null}
          {s.links?.length ? (
            <p className="mt-0.5 flex flex-wrap gap-x-3 text-sm" data-testid="step-links">
              {s.links.map((l) => (
                <Link key={l.href + l.label} href={l.href} className="text-indigo-700 hover:underline">
                  {l.label}
                </Link>
              ))}
            </p>
          ) : null}
          {s.hint ? (
            <p className="mt-0.5 text-sm font-medium text-rose-800" data-testid="step-hint">
              What to do: {s.hint}
            </p>
          ) : null}
          {s.evidence && s.status !== "pending" && s.status !== "skipped" ? (
            <p className="mt-0.5 text-[11px] text-slate-400">from {s.evidence}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

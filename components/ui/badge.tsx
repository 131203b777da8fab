import { cn } from "./cn";

type Tone = "gray" | "green" | "yellow" | "red" | "blue" | "purple";

const tones: Record<Tone, string> = {
  gray: "bg-slate-100 text-slate-700 ring-slate-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  yellow: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-rose-50 text-rose-800 ring-rose-200",
  blue: "bg-sky-50 text-sky-800 ring-sky-200",
  purple: "bg-violet-50 text-violet-800 ring-violet-200",
};

export function Badge({ tone = "gray", children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone])}>
      {children}
    </span>
  );
}

/** Colour for a PV/PVC/pod phase. */
export function PhaseBadge({ phase, deleting }: { phase: string; deleting?: boolean }) {
  if (deleting) return <Badge tone="red">Terminating</Badge>;
  const tone: Tone =
    phase === "Bound" || phase === "Running" || phase === "Succeeded"
      ? "green"
      : phase === "Available"
        ? "blue"
        : phase === "Released"
          ? "purple"
          : phase === "Failed" || phase === "Lost"
            ? "red"
            : "yellow";
  return <Badge tone={tone}>{phase}</Badge>;
}

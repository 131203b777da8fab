import type { FlowEvent, FlowPod, FlowStep, StepLink, StepStatus } from "./types";

// Small pure helpers shared by the claim and workload derivations.

export function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function byTime(a: string | undefined, b: string | undefined): number {
  return (ms(a) ?? 0) - (ms(b) ?? 0);
}

/** Events about one object with one of the reasons, oldest first. */
export function eventsAbout(
  events: FlowEvent[],
  kind: string,
  name: string,
  reasons: string[],
): FlowEvent[] {
  return events
    .filter(
      (e) => e.involved.kind === kind && e.involved.name === name && reasons.includes(e.reason),
    )
    .sort((a, b) => byTime(a.firstAt, b.firstAt));
}

export function firstEvent(
  events: FlowEvent[],
  kind: string,
  name: string,
  reasons: string[],
): FlowEvent | undefined {
  return eventsAbout(events, kind, name, reasons)[0];
}

export function lastEvent(
  events: FlowEvent[],
  kind: string,
  name: string,
  reasons: string[],
): FlowEvent | undefined {
  const list = eventsAbout(events, kind, name, reasons);
  return list.sort((a, b) => byTime(a.lastAt, b.lastAt))[list.length - 1];
}

/** A warning is still current if nothing better happened after it. */
export function newerThan(e: FlowEvent | undefined, iso: string | undefined): boolean {
  if (!e) return false;
  if (!iso) return true;
  return (ms(e.lastAt) ?? 0) >= (ms(iso) ?? 0);
}

export function condition(pod: FlowPod, type: string) {
  return pod.conditions.find((c) => c.type === type);
}

/**
 * The pod whose progress we follow: the newest one that is not going away (a Recreate
 * rollout replaces pods), else the newest at all.
 */
export function primaryPod(pods: FlowPod[], claim?: string): FlowPod | undefined {
  const using = claim ? pods.filter((p) => p.claims.includes(claim)) : pods;
  const newest = [...using].sort((a, b) => byTime(b.createdAt, a.createdAt));
  return newest.find((p) => !p.deleting) ?? newest[0];
}

export interface Fact {
  happened: boolean;
  at?: string | undefined;
  approximate?: boolean;
  reason?: string | undefined;
  /** Set when the step is blocked by a problem rather than just not reached yet. */
  stall?: { reason: string; hint?: string | undefined } | undefined;
  skipped?: string | undefined;
  evidence?: string | undefined;
  links?: StepLink[] | undefined;
}

export interface StepDef extends Fact {
  id: FlowStep["id"];
  label: string;
  actor: FlowStep["actor"];
}

/**
 * Turns facts into statuses and durations: happened -> done; the first step not reached is
 * current (or stalled when something blocks it); later ones pending. A later step may carry
 * the blocking reason (e.g. a pod that cannot be scheduled); it is then shown as stalled too.
 */
export function resolveSteps(defs: StepDef[], now: number): FlowStep[] {
  let firstOpen = true;
  let prevAt: number | undefined;
  const out: FlowStep[] = [];
  for (const d of defs) {
    let status: StepStatus;
    if (d.skipped) status = "skipped";
    else if (d.happened) status = "done";
    else if (d.stall) status = "stalled";
    else if (firstOpen) status = "current";
    else status = "pending";
    if (status === "current" || status === "stalled") firstOpen = false;
    const at = ms(d.at);
    let durationMs: number | undefined;
    if (status === "done" && at !== undefined && prevAt !== undefined)
      durationMs = Math.max(0, at - prevAt);
    if (
      (status === "current" || status === "stalled") &&
      prevAt !== undefined &&
      out.every((s) => s.status !== "current" && s.status !== "stalled")
    ) {
      durationMs = Math.max(0, now - prevAt);
    }
    if (status === "done" && at !== undefined) prevAt = Math.max(prevAt ?? at, at);
    out.push({
      id: d.id,
      label: d.label,
      actor: d.actor,
      status,
      at: status === "done" ? d.at : undefined,
      durationMs,
      approximate: status === "done" && d.approximate ? true : undefined,
      reason: d.skipped ?? d.stall?.reason ?? d.reason,
      hint: d.stall?.hint,
      evidence: d.evidence,
      ...(d.links?.length && status !== "skipped" ? { links: d.links } : {}),
    });
  }
  return out;
}

export function formatDuration(msValue: number | undefined): string {
  if (msValue === undefined) return "";
  if (msValue < 1000) return `${Math.round(msValue)} ms`;
  const s = Math.round(msValue / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

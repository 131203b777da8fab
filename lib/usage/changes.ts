// Which claims' usage changed between two snapshots, as open pages would see it: a refresh that
// keeps every shown figure is no news, so pages are not re-rendered for a few bytes. Pure.
import { humanBytes, humanDuration, humanPercent } from "./format";
import { inodePercent, usageLevel, usedPercent } from "./level";
import type { VolumeUsage } from "./types";

/** What pages show of a figure (rounded as shown); "" for no figure. */
export function shownFigure(u: VolumeUsage | undefined): string {
  if (!u) return "";
  const peak = u.maxUsedBytes === undefined ? "" : humanBytes(u.maxUsedBytes);
  return [humanBytes(u.usedBytes), humanBytes(u.capacityBytes), humanPercent(usedPercent(u)), humanPercent(inodePercent(u)), usageLevel(u), peak].join("|");
}

/** Keys ("namespace/name") whose shown figure changed, appeared or disappeared. */
export function changedClaims(prev: ReadonlyMap<string, VolumeUsage>, next: ReadonlyMap<string, VolumeUsage>): string[] {
  const out: string[] = [];
  for (const [k, u] of next) if (shownFigure(u) !== shownFigure(prev.get(k))) out.push(k);
  for (const k of prev.keys()) if (!next.has(k)) out.push(k);
  return out;
}

/**
 * Windows as people read them ("12 minutes", "3 days"): while Prometheus holds less history than
 * the window asked for, the covered window grows by the refresh interval on every refresh, which
 * is no news for the advice that quotes it.
 */
const sameWindow = (a: number | undefined, b: number | undefined): boolean => a === b || (a !== undefined && b !== undefined && humanDuration(a) === humanDuration(b));

const sameFigure = (a: VolumeUsage, b: VolumeUsage | undefined): boolean =>
  b !== undefined &&
  a.usedBytes === b.usedBytes &&
  a.capacityBytes === b.capacityBytes &&
  a.availableBytes === b.availableBytes &&
  a.inodesUsed === b.inodesUsed &&
  a.inodes === b.inodes &&
  a.maxUsedBytes === b.maxUsedBytes &&
  sameWindow(a.windowMs, b.windowMs);

/** Whether two snapshots hold the same figures for the same claims (exact bytes, not as shown; windows as shown). */
export function sameFigures(prev: ReadonlyMap<string, VolumeUsage>, next: ReadonlyMap<string, VolumeUsage>): boolean {
  if (prev.size !== next.size) return false;
  for (const [k, u] of next) if (!sameFigure(u, prev.get(k))) return false;
  return true;
}

export interface UsageNotice {
  namespace: string;
  /** The claim; "" for "claims in this namespace" (a burst collapsed). */
  name: string;
}

/**
 * One notice per changed claim; past `max` (a first collection, a source going down), one per
 * namespace, so a burst costs a few writes per stream rather than thousands.
 */
export function usageNotices(keys: readonly string[], max = 200): UsageNotice[] {
  const split = (k: string): UsageNotice => {
    const i = k.indexOf("/");
    return { namespace: k.slice(0, i), name: k.slice(i + 1) };
  };
  if (keys.length <= max) return keys.map(split);
  return [...new Set(keys.map((k) => split(k).namespace))].map((namespace) => ({ namespace, name: "" }));
}

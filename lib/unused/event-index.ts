import type { EventLike } from "./types";

/** Events scanned between two yields of a step generator: keeps each slice to a few milliseconds. */
const CHUNK = 500;

export function eventTime(e: EventLike): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? "";
}

/** Latest event, and latest warning, per object ("PersistentVolume//name", "PersistentVolumeClaim/ns/name"). */
export function* indexEvents(events: EventLike[]): Generator<void, { latest: Map<string, EventLike>; warnings: Map<string, EventLike> }> {
  const latest = new Map<string, EventLike>();
  const warnings = new Map<string, EventLike>();
  const keep = (m: Map<string, EventLike>, key: string, e: EventLike) => {
    const prev = m.get(key);
    if (!prev || eventTime(e) >= eventTime(prev)) m.set(key, e);
  };
  let n = 0;
  for (const e of events) {
    if (++n % CHUNK === 0) yield;
    const kind = e.involvedObject.kind;
    if (kind !== "PersistentVolume" && kind !== "PersistentVolumeClaim") continue;
    const key = `${kind}/${e.involvedObject.namespace ?? ""}/${e.involvedObject.name ?? ""}`;
    keep(latest, key, e);
    if (e.type === "Warning") keep(warnings, key, e);
  }
  return { latest, warnings };
}

/** What the review shows from one object's events: the latest event of a claim, the latest warning of a volume. */
function shownText(kind: string, events: Iterable<EventLike>): string | undefined {
  let best: EventLike | undefined;
  for (const e of events) {
    if (kind === "PersistentVolume" && e.type !== "Warning") continue;
    if (!best || eventTime(e) >= eventTime(best)) best = e;
  }
  return best && `${best.reason ?? ""}\u0000${best.message ?? ""}`;
}

/**
 * Whether an event that came or went (`others`: the object's other events) changes what the
 * review shows. Controllers re-send the same event under a new name once their bounded dedupe
 * cache forgot it, and events expire an hour later: on a big cluster with pending claims that
 * is a steady stream that changes nothing shown, and must not recompute the whole review.
 */
export function eventChangesReview(e: EventLike, others: EventLike[]): boolean {
  const kind = e.involvedObject.kind;
  if (kind !== "PersistentVolume" && kind !== "PersistentVolumeClaim") return false;
  return shownText(kind, others) !== shownText(kind, [...others, e]);
}

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

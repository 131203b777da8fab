import "server-only";
import type { CoreV1Event } from "@kubernetes/client-node";
import { cachedBy } from "./informers";
import { toIso } from "./storage-classes";
import { visible } from "./scope";
import { visibleIn } from "./namespace-scope";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

export interface EventRow {
  namespace: string;
  name: string;
  type: string;
  reason: string;
  message: string;
  involved: { kind: string; name: string; namespace: string | undefined; uid: string | undefined };
  source: string;
  count: number;
  firstAt: string | undefined;
  lastAt: string | undefined;
}

type RawEvent = CoreV1Event & KubeObject;

export function toEventRow(e: RawEvent): EventRow {
  const first = toIso(e.firstTimestamp) ?? toIso(e.eventTime) ?? toIso(e.metadata.creationTimestamp);
  return {
    namespace: e.metadata.namespace ?? "",
    name: e.metadata.name,
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    message: e.message ?? "",
    involved: {
      kind: e.involvedObject.kind ?? "",
      name: e.involvedObject.name ?? "",
      namespace: e.involvedObject.namespace,
      uid: e.involvedObject.uid,
    },
    source: e.source?.component ?? e.reportingComponent ?? "",
    count: e.count ?? 1,
    firstAt: first,
    lastAt: toIso(e.lastTimestamp) ?? first,
  };
}

const involvedKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ""}/${name}`;

/** Events about one object (by kind and name, optionally uid), oldest first, from the index. */
export async function eventsFor(
  id: Identity,
  ref: { kind: string; name: string; namespace?: string; uid?: string },
): Promise<EventRow[]> {
  const candidates = (await cachedBy<RawEvent>("events", "involved", involvedKey(ref.kind, ref.namespace, ref.name))).filter(
    (e) => (ref.namespace === undefined || e.metadata.namespace === ref.namespace) && (!ref.uid || !e.involvedObject.uid || e.involvedObject.uid === ref.uid),
  );
  const mine = await visible(id, candidates, "events");
  return mine.map(toEventRow).sort((a, b) => (a.lastAt ?? "").localeCompare(b.lastAt ?? ""));
}

/** Events about any of several objects (a claim, its volume, its pods), by index lookups. */
export async function eventsForMany(id: Identity, refs: { kind: string; name: string; namespace?: string }[], namespace?: string): Promise<EventRow[]> {
  const keys = new Set(refs.map((r) => involvedKey(r.kind, r.namespace, r.name)));
  const found = await Promise.all([...keys].map((k) => cachedBy<RawEvent>("events", "involved", k)));
  const candidates = [...new Set(found.flat())];
  const mine = namespace ? await visibleIn(id, candidates, "events", "", namespace) : await visible(id, candidates, "events");
  return mine.map(toEventRow).sort((a, b) => (a.lastAt ?? "").localeCompare(b.lastAt ?? ""));
}

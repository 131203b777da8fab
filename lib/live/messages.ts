/** What the SSE stream sends to browsers: small notices, never whole objects. */
export interface ChangeMessage {
  /** A resource topic, or "*" for "re-read everything" (the stream just (re)connected). */
  topic: string;
  type: "ADDED" | "MODIFIED" | "DELETED";
  namespace: string | undefined;
  name: string;
  /** When the portal received the watch event (server clock, ms). */
  at: number;
}

export interface StatusMessage {
  connected: boolean;
  version: string | undefined;
  lastSyncAt: number | undefined;
}

export const STREAM_TOPICS = [
  "storageclasses",
  "persistentvolumes",
  "persistentvolumeclaims",
  "pods",
  "events",
  "nodes",
  "volumeattachments",
  "resourcequotas",
  "deployments",
  "statefulsets",
  "volumesnapshots",
] as const;

/** Sent to subscribers when the stream (re)connects: changes may have been missed meanwhile. */
export const RESYNC: ChangeMessage = { topic: "*", type: "MODIFIED", namespace: undefined, name: "", at: 0 };

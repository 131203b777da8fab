/** What the SSE stream sends to browsers: small notices, never whole objects. */
export interface ChangeMessage {
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
] as const;

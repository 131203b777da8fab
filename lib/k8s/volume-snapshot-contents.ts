import "server-only";
import { informer } from "./informers";
import { snapshotApiAvailable } from "./snapshot-api";
import { toIso } from "./storage-classes";
import type { KubeObject } from "./types";
import type { FlowSnapshotContent } from "@/lib/flow/snapshot-steps";

export interface SnapshotContentRow extends FlowSnapshotContent {
  driver: string;
  deletionPolicy: string;
  snapshotHandle: string | undefined;
}

type RawContent = KubeObject & {
  spec?: { driver?: string; deletionPolicy?: string };
  status?: { readyToUse?: boolean; snapshotHandle?: string; error?: { message?: string; time?: string } };
};

export function toSnapshotContentRow(c: RawContent): SnapshotContentRow {
  return {
    name: c.metadata.name,
    createdAt: toIso(c.metadata.creationTimestamp),
    readyToUse: c.status?.readyToUse === true,
    error: c.status?.error?.message ? { message: c.status.error.message, time: toIso(c.status.error.time) } : undefined,
    driver: c.spec?.driver ?? "",
    deletionPolicy: c.spec?.deletionPolicy ?? "Delete",
    snapshotHandle: c.status?.snapshotHandle,
  };
}

/**
 * One content by name. Contents are cluster-scoped and admin-only in RBAC; the portal reads
 * them with its own identity only to explain a snapshot the person may already see.
 */
export async function getSnapshotContent(name: string | undefined): Promise<SnapshotContentRow | undefined> {
  if (!name || !(await snapshotApiAvailable())) return undefined;
  const inf = informer<RawContent>("volumesnapshotcontents");
  await inf.waitForSync();
  const c = inf.get(name);
  return c ? toSnapshotContentRow(c) : undefined;
}

/**
 * Least data for people the cluster does not let read PersistentVolumes: they may still pick
 * an available volume by size and class, but the backend's address (NFS server and export,
 * CSI volume handle, host path) stays on the server. Pure.
 */
export interface HasSource {
  source: { type: string; detail: string };
  nodeAffinity?: string | undefined;
}

export function withoutBackendDetails<T extends HasSource>(row: T): T {
  return { ...row, source: { type: row.source.type, detail: "" }, nodeAffinity: row.nodeAffinity === undefined ? undefined : "" };
}

export function volumesFor<T extends HasSource>(rows: T[], mayReadDetails: boolean): T[] {
  return mayReadDetails ? rows : rows.map(withoutBackendDetails);
}

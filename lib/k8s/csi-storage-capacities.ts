import "server-only";
import { cached } from "./informers";
import type { KubeObject } from "./types";

/** CSIStorageCapacity: what the external provisioner says is free per topology segment and class. */
export interface CapacityRow {
  namespace: string;
  name: string;
  storageClassName: string;
  capacity: string | undefined;
  maximumVolumeSize: string | undefined;
  /** The topology segment as "key=value" pairs (one node for node-local drivers). */
  topology: string[];
}

type RawCapacity = KubeObject & {
  storageClassName: string;
  capacity?: string;
  maximumVolumeSize?: string;
  nodeTopology?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
};

export function toCapacityRow(c: RawCapacity): CapacityRow {
  const labels = Object.entries(c.nodeTopology?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (c.nodeTopology?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join(",")}`);
  return {
    namespace: c.metadata.namespace ?? "",
    name: c.metadata.name,
    storageClassName: c.storageClassName,
    capacity: c.capacity,
    maximumVolumeSize: c.maximumVolumeSize,
    topology: [...labels, ...exprs],
  };
}

/** All capacity objects (the portal's own identity; shown to admins). */
export async function listCapacities(): Promise<CapacityRow[]> {
  return (await cached<RawCapacity>("csistoragecapacities")).map(toCapacityRow).sort((a, b) => a.storageClassName.localeCompare(b.storageClassName) || a.topology.join().localeCompare(b.topology.join()));
}

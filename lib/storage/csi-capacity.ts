import { parseQuantity } from "@/lib/quantity";

/** Free capacity per driver, from CSIStorageCapacity objects (one per class and topology segment). */

export interface CapacityLike {
  storageClassName: string;
  capacity: string | undefined;
  maximumVolumeSize: string | undefined;
  topology: string[];
}

export interface DriverCapacity {
  storageClass: string;
  /** The topology segment, e.g. "topology.local.csi.bindery.io/node=bindery-node-1". */
  segment: string;
  freeBytes: number | undefined;
  maxVolumeBytes: number | undefined;
}

/** Capacity rows of one driver's classes, sorted by class then segment. */
export function capacityForDriver(rows: CapacityLike[], classes: { name: string; provisioner: string }[], driver: string): DriverCapacity[] {
  const mine = new Set(classes.filter((c) => c.provisioner === driver).map((c) => c.name));
  return rows
    .filter((r) => mine.has(r.storageClassName))
    .map((r) => ({ storageClass: r.storageClassName, segment: r.topology.join(", ") || "(everywhere)", freeBytes: parseQuantity(r.capacity), maxVolumeBytes: parseQuantity(r.maximumVolumeSize) }))
    .sort((a, b) => a.storageClass.localeCompare(b.storageClass) || a.segment.localeCompare(b.segment));
}

/** Total free bytes per class over all segments (a claim still needs one segment with room). */
export function freePerClass(rows: DriverCapacity[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.storageClass] = (out[r.storageClass] ?? 0) + (r.freeBytes ?? 0);
  return out;
}

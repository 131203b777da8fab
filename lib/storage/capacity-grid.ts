// Free capacity per node and StorageClass from CSIStorageCapacity rows, for a grid people read
// at a glance. Pure.
import { parseQuantity } from "@/lib/quantity";
import type { CapacityLike } from "./csi-capacity";

export interface CapacityCell {
  freeBytes: number | undefined;
  maxVolumeBytes: number | undefined;
}

export interface CapacityGrid {
  classes: string[];
  /** Segment label (the node for node-local drivers) -> class -> cell. */
  rows: { segment: string; cells: Record<string, CapacityCell> }[];
  /** The largest free figure, the bars' full width. */
  maxFreeBytes: number;
}

/** "topology.x/node=n1" -> "n1"; other segments stay as written. */
export function segmentLabel(topology: string[]): string {
  if (topology.length === 0) return "(everywhere)";
  if (topology.length === 1) {
    const m = /^[^=\s]*\/?(?:node|hostname)=(.+)$/.exec(topology[0]!);
    if (m) return m[1]!;
  }
  return topology.join(", ");
}

export function capacityGrid(rows: readonly CapacityLike[]): CapacityGrid {
  const classes = new Set<string>();
  const bySegment = new Map<string, Record<string, CapacityCell>>();
  let maxFreeBytes = 0;
  for (const r of rows) {
    classes.add(r.storageClassName);
    const seg = segmentLabel(r.topology);
    const cells = bySegment.get(seg) ?? {};
    const freeBytes = parseQuantity(r.capacity);
    cells[r.storageClassName] = { freeBytes, maxVolumeBytes: parseQuantity(r.maximumVolumeSize) };
    bySegment.set(seg, cells);
    maxFreeBytes = Math.max(maxFreeBytes, freeBytes ?? 0);
  }
  return {
    classes: [...classes].sort(),
    rows: [...bySegment.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([segment, cells]) => ({ segment, cells })),
    maxFreeBytes,
  };
}

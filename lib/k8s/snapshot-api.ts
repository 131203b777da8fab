import "server-only";
import { request } from "./rest";
import { K8sError } from "./errors";
import { SNAPSHOT_API_VERSION, missingSnapshotKinds } from "@/lib/storage/snapshots";

/**
 * Whether the cluster serves the VolumeSnapshot CRDs, from discovery (allowed for every
 * authenticated identity). Re-checked at most every RECHECK_MS so CRDs installed (or removed)
 * later are noticed without a restart; snapshot watches start only once this says yes.
 */

const RECHECK_MS = 15_000;
const key = Symbol.for("bindery.snapshot-api");
interface State {
  missing: string[];
  at: number;
  pending?: Promise<string[]>;
}
type Holder = { [key]?: State };

/** One discovery read; `groupVersion` is a parameter so tests can probe a group that is not served. */
export async function discoverMissingSnapshotKinds(groupVersion = SNAPSHOT_API_VERSION): Promise<string[]> {
  try {
    const doc = await request<{ resources?: { name: string }[] }>({ path: `/apis/${groupVersion}`, timeoutMs: 5_000 });
    return missingSnapshotKinds(doc);
  } catch (e) {
    if (e instanceof K8sError && e.kind === "not-found") return missingSnapshotKinds(undefined);
    throw e;
  }
}

/** Snapshot kinds the cluster lacks (empty: all there). Unreachable cluster: the last answer. */
export async function missingSnapshotApi(now = Date.now()): Promise<string[]> {
  const g = globalThis as Holder;
  const s = g[key];
  if (s && now - s.at < RECHECK_MS) return s.missing;
  if (s?.pending) return s.pending;
  const pending = discoverMissingSnapshotKinds()
    .then((missing) => {
      g[key] = { missing, at: Date.now() };
      return missing;
    })
    .catch(() => {
      // Keep the previous verdict (or assume missing) rather than failing the page.
      const missing = s?.missing ?? missingSnapshotKinds(undefined);
      g[key] = { missing, at: Date.now() };
      return missing;
    });
  g[key] = { missing: s?.missing ?? [], at: s?.at ?? 0, pending };
  return pending;
}

export async function snapshotApiAvailable(): Promise<boolean> {
  return (await missingSnapshotApi()).length === 0;
}

/** Forget the cached verdict (tests; after an admin installs the CRDs). */
export function resetSnapshotApiCache(): void {
  delete (globalThis as Holder)[key];
}

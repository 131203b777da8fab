import "server-only";
import { can } from "./access";
import type { Identity } from "./identity";

// Per-person checks for data the portal reads with its own identity (shared caches) before
// it reaches a page: only what the cluster would let this person read themselves.

async function allowed(id: Identity, check: Parameters<typeof can>[1]): Promise<boolean> {
  try {
    return await can(id, check);
  } catch {
    return false; // unknown means no
  }
}

/** Volume backends (NFS server, CSI handle, host path): for people who may `get persistentvolumes`. */
export function mayReadVolumeDetails(id: Identity): Promise<boolean> {
  return allowed(id, { verb: "get", resource: "persistentvolumes" });
}

/** VolumeAttachments (which node, attach errors): for people who may list them. */
export function mayReadAttachments(id: Identity): Promise<boolean> {
  return allowed(id, { verb: "list", resource: "volumeattachments", group: "storage.k8s.io" });
}

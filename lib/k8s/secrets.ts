import "server-only";
import { request } from "./rest";
import type { Identity } from "./identity";

// Secrets are written, never cached or shown: the portal keeps no watch on them.

export function createSecret(
  as: Identity,
  namespace: string,
  body: object,
  dryRun = false,
): Promise<unknown> {
  return request({
    method: "POST",
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
    query: { fieldManager: "bindery", dryRun: dryRun ? "All" : undefined },
    body,
    as,
  });
}

export function deleteSecret(as: Identity, namespace: string, name: string): Promise<unknown> {
  return request({
    method: "DELETE",
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`,
    as,
  });
}

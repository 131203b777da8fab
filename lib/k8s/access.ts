import "server-only";
import { request } from "./rest";
import type { Identity } from "./identity";
import { accessLookup } from "./api-metrics";

export interface AccessCheck {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  subresource?: string;
}

interface SarResponse {
  status?: { allowed?: boolean };
}

const TTL_MS = 20_000;
const cacheKey = Symbol.for("bindery.access-cache");
type Cache = Map<string, { allowed: boolean; until: number }>;
type Holder = { [cacheKey]?: Cache };

function cache(): Cache {
  const g = globalThis as Holder;
  g[cacheKey] ??= new Map();
  return g[cacheKey];
}

function keyOf(id: Identity, c: AccessCheck): string {
  return [id.user, [...id.groups].sort().join(","), c.verb, c.group ?? "", c.resource, c.subresource ?? "", c.namespace ?? ""].join("|");
}

/**
 * Asks the apiserver whether this person may do something (SubjectAccessReview), cached
 * briefly. The portal never keeps its own copy of RBAC: the cluster decides.
 */
export async function can(id: Identity, check: AccessCheck): Promise<boolean> {
  const key = keyOf(id, check);
  const hit = cache().get(key);
  const now = Date.now();
  accessLookup(id, hit !== undefined && hit.until > now);
  if (hit && hit.until > now) return hit.allowed;
  const res = await request<SarResponse>({
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: id.user,
        groups: id.groups,
        resourceAttributes: {
          verb: check.verb,
          group: check.group ?? "",
          resource: check.resource,
          subresource: check.subresource,
          namespace: check.namespace,
        },
      },
    },
  });
  const allowed = res.status?.allowed === true;
  if (cache().size > 10_000) cache().clear();
  cache().set(key, { allowed, until: now + TTL_MS });
  return allowed;
}

/** Namespaces (from a candidate list) where the person may do the check. */
export async function namespacesWhere(
  id: Identity,
  namespaces: string[],
  check: Omit<AccessCheck, "namespace">,
): Promise<string[]> {
  if (await can(id, check)) return namespaces; // cluster-wide right
  const results = await Promise.all(namespaces.map((ns) => can(id, { ...check, namespace: ns })));
  return namespaces.filter((_, i) => results[i]);
}

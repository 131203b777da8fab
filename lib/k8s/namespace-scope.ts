import "server-only";
import { personScope, scopeAllows, visible } from "./scope";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

/**
 * `visible` for pages about one namespace, answered from the person's shared scope (computed
 * once for all their pages and streams), so live re-renders cost no apiserver request.
 */
export async function visibleIn<T extends KubeObject>(
  id: Identity,
  items: T[],
  resource: string,
  group: string,
  namespace: string | undefined,
): Promise<T[]> {
  if (!namespace) return visible(id, items, resource, group);
  const inNs = items.filter((o) => o.metadata.namespace === namespace);
  if (inNs.length === 0) return inNs;
  return scopeAllows(await personScope(id), group, resource, namespace) ? inNs : [];
}

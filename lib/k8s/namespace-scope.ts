import "server-only";
import { can } from "./access";
import { visible } from "./scope";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

/**
 * `visible` for pages about one namespace: one cached access review for that namespace
 * instead of one per namespace in the cluster, which keeps live re-renders cheap.
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
  return (await can(id, { verb: "list", resource, group, namespace })) ? inNs : [];
}

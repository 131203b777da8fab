import "server-only";
import { can, namespacesWhere } from "./access";
import { cached } from "./informers";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

export interface Scope {
  /** The person may list this resource cluster-wide. */
  all: boolean;
  namespaces: string[];
}

/** Where a person may list a resource: everywhere, or these namespaces. */
export async function listScope(id: Identity, resource: string, group = ""): Promise<Scope> {
  if (await can(id, { verb: "list", resource, group })) {
    return { all: true, namespaces: (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name) };
  }
  const all = (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name).sort();
  return { all: false, namespaces: await namespacesWhere(id, all, { verb: "list", resource, group }) };
}

/** Keeps cached objects the person may see; cluster-scoped types need a cluster-wide right. */
export async function visible<T extends KubeObject>(
  id: Identity,
  items: T[],
  resource: string,
  group = "",
): Promise<T[]> {
  const scope = await listScope(id, resource, group);
  if (scope.all) return items;
  const allowed = new Set(scope.namespaces);
  return items.filter((o) => o.metadata.namespace !== undefined && allowed.has(o.metadata.namespace));
}

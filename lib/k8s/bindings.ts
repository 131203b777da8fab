import "server-only";
import { informer } from "./informers";
import { INDEXES, subjectKey } from "./projections";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";

// Whom RoleBindings and ClusterRoleBindings name (their subjects only, from the shared watches),
// so the person scope asks the apiserver only where and for whom it matters. Never a copy of
// RBAC: the rules always come from the apiserver, and RBAC only adds, so a namespace or person
// no binding names gets nothing of their own there. A binding missed here can only hide.

/** The apiserver adds this group to every impersonated person (not system:anonymous). */
export const IMPLIED_GROUPS = ["system:authenticated"];
/** How long a scope computation waits for the first lists of bindings before asking everywhere. */
const SYNC_WAIT_MS = 5_000;
const KINDS = ["rolebindings", "clusterrolebindings"] as const;

/** Both watches have their list (waiting a little for them at startup); false: ask everywhere. */
export async function bindingsKnown(): Promise<boolean> {
  const infs = KINDS.map((k) => informer<KubeObject>(k));
  await Promise.all(infs.map((i) => (i.synced || i.lastError !== undefined ? undefined : i.waitForSync(SYNC_WAIT_MS))));
  return infs.every((i) => i.synced);
}

const keysOf = (id: Identity) => [subjectKey("User", id.user), ...[...id.groups, ...IMPLIED_GROUPS].map((g) => subjectKey("Group", g)), "?"];

/** Namespaces holding a RoleBinding that names the person, a group of theirs, or an unknown kind. */
export function namespacesBinding(id: Identity): Set<string> {
  const inf = informer<KubeObject>("rolebindings");
  const out = new Set<string>();
  for (const k of keysOf(id)) for (const b of inf.byIndex("subject", k)) out.add(b.metadata.namespace ?? "");
  return out;
}

/**
 * Whether any binding names this user personally (or a subject kind the portal does not know).
 * If not, RBAC answers for them depend on their groups alone and may be shared.
 */
export function namedPersonally(user: string): boolean {
  return KINDS.some((k) => {
    const inf = informer<KubeObject>(k);
    return inf.byIndex("subject", subjectKey("User", user)).length > 0 || inf.byIndex("subject", "?").length > 0;
  });
}

/**
 * Calls back with the subject keys a changed binding names or named before the change (either
 * kind): a subject removed from a binding loses rights as surely as a deleted binding.
 */
export function onBindingChange(cb: (named: Set<string>) => void): void {
  const subjects = INDEXES.rolebindings!.subject!;
  for (const k of KINDS) {
    informer<KubeObject>(k).subscribe(({ object, old }) => {
      const named = new Set([...subjects(object), ...(old ? subjects(old) : [])]);
      if (named.size) cb(named);
    });
  }
}

import "server-only";
import { outsideRequest } from "@/lib/log";
import { ACCESS_TTL_MS, accessUpkeep, can, identityKey, reviewAccess, rulesIn } from "./access";
import { rulesAllow } from "./scope-rules";
import { IMPLIED_GROUPS, bindingsKnown, namedPersonally, namespacesBinding, onBindingChange } from "./bindings";
import { cached } from "./informers";
import { subjectKey } from "./projections";
import { RESOURCES, type ResourceType } from "./resources";
import type { Identity } from "./identity";
import type { KubeObject } from "./types";
import { SharedCache } from "@/lib/live/shared-cache";

export interface Scope {
  /** The person may list this resource cluster-wide. */
  all: boolean;
  namespaces: string[];
}

interface TypeScope {
  all: boolean;
  namespaces: Set<string>;
}

/** Where one person may list every resource type the portal watches, computed in one go. */
export interface PersonScope {
  byType: Map<string, TypeScope>;
}

/**
 * Recomputed in the background at 50-80% of the TTL (jittered per person, so a reconnect storm
 * does not turn into a periodic one), so a person in use never waits for it.
 */
const REFRESH_AFTER_MS = Math.round(ACCESS_TTL_MS * 0.8);
const UPKEEP_EVERY_MS = 2_000;
const MAX_PEOPLE = 2_000;

/**
 * Scopes shared by everyone with the same groups whom no binding names personally: kept briefly
 * (each person's own entry is what is refreshed), so a change reaches them within one person TTL.
 */
const GROUP_TTL_MS = 5_000;

interface State {
  cache: SharedCache<PersonScope>;
  byGroups: SharedCache<PersonScope>;
  timer: ReturnType<typeof setInterval>;
}
const stateKey = Symbol.for("bindery.person-scopes");
type Holder = { [stateKey]?: State };

function state(): State {
  const g = globalThis as Holder;
  if (!g[stateKey]) g[stateKey] = outsideRequest(startState);
  return g[stateKey];
}

function startState(): State {
  const cache = new SharedCache<PersonScope>({
    ttlMs: ACCESS_TTL_MS,
    refreshAfterMs: REFRESH_AFTER_MS,
    refreshJitter: 0.3,
    max: MAX_PEOPLE,
    onError: (_key, err) => console.warn(`person scope refresh failed: ${err instanceof Error ? err.message : String(err)}`),
  });
  const byGroups = new SharedCache<PersonScope>({ ttlMs: GROUP_TTL_MS, max: MAX_PEOPLE });
  // One timer for every person: refreshes happen here, never on a request or event path.
  const timer = setInterval(() => {
    cache.tick();
    byGroups.tick();
    accessUpkeep();
  }, UPKEEP_EVERY_MS);
  timer.unref();
  // A binding naming someone changed: their scope is recomputed now, not at its expiry.
  onBindingChange((named) => {
    bindingChanges++;
    byGroups.clear();
    cache.refreshSoon((key) => personNamed(key, named));
  });
  return { cache, byGroups, timer };
}

const scopes = () => state().cache;

/** Whether a binding naming these subjects (index keys) may concern the person of `key`. */
function personNamed(key: string, named: Set<string>): boolean {
  if (named.has("?")) return true;
  const [user = "", ...groups] = key.split("\n");
  return named.has(subjectKey("User", user)) || [...groups, ...IMPLIED_GROUPS].some((g) => named.has(subjectKey("Group", g)));
}

const typeKey = (group: string, plural: string) => `${group}/${plural}`;

/**
 * A rules review "in" a name that can never be a namespace lists exactly what RoleBindings
 * cannot grant: the person's rights from ClusterRoleBindings, valid in every namespace
 * (including ones created later) and for cluster-scoped types.
 */
export const CLUSTER_WIDE = "bindery:cluster-wide";

/**
 * The apiserver decides, in as few requests as it can answer correctly (usually two):
 * - one SelfSubjectRulesReview (sent as the person) for their cluster-wide rights;
 * - one per namespace where a RoleBinding names the person or a group of theirs (bindings.ts
 *   only narrows where to ask; the rules come from the apiserver);
 * - when no binding names the person personally, RBAC's answer depends on their groups alone,
 *   so those reviews are made once for everyone with the same groups (200 people of one team
 *   reconnecting together: two reviews, not four hundred);
 * - where the apiserver says its rules are incomplete (e.g. a webhook authorizer), nothing is
 *   shared and that namespace is asked per type with SubjectAccessReviews; if the cluster-wide
 *   review is incomplete or refused, or bindings cannot be read, every namespace is asked.
 */
/** Counts binding changes, so a computation that overlapped one is not kept (it may be stale). */
let bindingChanges = 0;
const MAX_ATTEMPTS = 3;

async function compute(id: Identity): Promise<PersonScope> {
  for (let attempt = 1; ; attempt++) {
    const before = bindingChanges;
    const scope = await computeOnce(id);
    // Under constant binding churn the last answer is kept; the next refresh catches up.
    if (before === bindingChanges || attempt >= MAX_ATTEMPTS) return scope;
  }
}

async function computeOnce(id: Identity): Promise<PersonScope> {
  const namespaces = (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name).sort();
  if (await bindingsKnown()) {
    const bound = namespacesBinding(id);
    const asked = namespaces.filter((ns) => bound.has(ns));
    if (!groupSharingOff && !namedPersonally(id.user)) {
      // RBAC answers depend on the groups alone: one computation for everyone with these groups.
      const groupsKey = [...id.groups].sort().join("\n");
      const shared = await state().byGroups.get(groupsKey, () => computeNarrowed(id, asked, true)).catch(() => undefined);
      if (shared) return shared;
    }
    const narrowed = await computeNarrowed(id, asked, false).catch(() => undefined);
    if (narrowed) return narrowed;
  }
  return computeEverywhere(id, namespaces);
}

/** Set once an answer was incomplete (another authorizer may decide per user): never share. */
let groupSharingOff = false;

async function computeNarrowed(id: Identity, asked: string[], shared: boolean): Promise<PersonScope> {
  const [cluster, ...reviews] = await Promise.all([rulesIn(id, CLUSTER_WIDE), ...asked.map((ns) => rulesIn(id, ns))]);
  if (cluster!.incomplete || (shared && reviews.some((r) => r.incomplete))) {
    if (shared) groupSharingOff = true;
    throw new Error("rules review incomplete");
  }
  const byType = new Map<string, TypeScope>();
  await Promise.all(
    Object.values(RESOURCES).map(async (rt: ResourceType) => {
      const check = { verb: "list", resource: rt.plural, group: rt.group };
      const all = rulesAllow(cluster!.rules, "list", rt.group, rt.plural);
      let allowed: string[] = [];
      if (!all && rt.namespaced) {
        const answers = await Promise.all(
          reviews.map((r, i) => (r.incomplete ? reviewAccess(id, { ...check, namespace: asked[i] }) : rulesAllow(r.rules, "list", rt.group, rt.plural))),
        );
        allowed = asked.filter((_, i) => answers[i]);
      }
      byType.set(typeKey(rt.group, rt.plural), { all, namespaces: new Set(allowed) });
    }),
  );
  return { byType };
}

/**
 * Without the cluster-wide review: one rules review per namespace; a cluster-wide right shows up
 * in every namespace's rules, so a SubjectAccessReview without namespace is asked only for
 * types every namespace allows.
 */
async function computeEverywhere(id: Identity, namespaces: string[]): Promise<PersonScope> {
  const reviews = await Promise.all(namespaces.map((ns) => rulesIn(id, ns)));
  const byType = new Map<string, TypeScope>();
  await Promise.all(
    Object.values(RESOURCES).map(async (rt: ResourceType) => {
      const check = { verb: "list", resource: rt.plural, group: rt.group };
      const inNs = reviews.map((r) => (r.incomplete ? undefined : rulesAllow(r.rules, "list", rt.group, rt.plural)));
      const all = inNs.every((v) => v !== false) && (await reviewAccess(id, check));
      let allowed: string[] = [];
      if (!all && rt.namespaced) {
        const answers = await Promise.all(inNs.map((v, i) => v ?? reviewAccess(id, { ...check, namespace: namespaces[i] })));
        allowed = namespaces.filter((_, i) => answers[i]);
      }
      byType.set(typeKey(rt.group, rt.plural), { all, namespaces: new Set(allowed) });
    }),
  );
  return { byType };
}

/** The person's scope: shared by all their streams and pages, computed once per TTL. */
export function personScope(id: Identity): Promise<PersonScope> {
  return scopes().get(identityKey(id), () => compute(id));
}

/** The last computed scope without waiting (stream fan-out reads this on every change). */
export function peekPersonScope(key: string): PersonScope | undefined {
  return scopes().peek(key);
}

/** Keeps a person's scope cached and refreshed while they have a stream open. */
export function holdPersonScope(id: Identity): () => void {
  const key = identityKey(id);
  scopes().retain(key, () => compute(id));
  let held = true;
  return () => {
    if (held) scopes().release(key);
    held = false;
  };
}

/** May the person (by scope) list objects of this type in this namespace (or cluster-wide)? */
export function scopeAllows(scope: PersonScope | undefined, group: string, plural: string, namespace: string | undefined): boolean {
  const t = scope?.byType.get(typeKey(group, plural));
  if (!t) return false;
  return t.all || (namespace !== undefined && t.namespaces.has(namespace));
}

export function personScopeStats() {
  return scopes().stats();
}

/** Where a person may list a resource: everywhere, or these namespaces. */
export async function listScope(id: Identity, resource: string, group = ""): Promise<Scope> {
  const known = Object.values(RESOURCES).some((rt) => rt.plural === resource && rt.group === group);
  const all = (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name).sort();
  if (!known) {
    // A type the portal does not watch: ask directly (cached per check).
    if (await can(id, { verb: "list", resource, group })) return { all: true, namespaces: all };
    const ok = await Promise.all(all.map((ns) => can(id, { verb: "list", resource, group, namespace: ns })));
    return { all: false, namespaces: all.filter((_, i) => ok[i]) };
  }
  const t = (await personScope(id)).byType.get(typeKey(group, resource));
  if (t?.all) return { all: true, namespaces: all };
  return { all: false, namespaces: all.filter((ns) => t?.namespaces.has(ns)) };
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

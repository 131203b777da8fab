import "server-only";
import { ACCESS_TTL_MS, accessUpkeep, can, identityKey, reviewAccess, rulesIn } from "./access";
import { rulesAllow } from "./scope-rules";
import { cached } from "./informers";
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

const stateKey = Symbol.for("bindery.person-scopes");
type Holder = { [stateKey]?: { cache: SharedCache<PersonScope>; timer: ReturnType<typeof setInterval> } };

function scopes(): SharedCache<PersonScope> {
  const g = globalThis as Holder;
  if (!g[stateKey]) {
    const cache = new SharedCache<PersonScope>({
      ttlMs: ACCESS_TTL_MS,
      refreshAfterMs: REFRESH_AFTER_MS,
      refreshJitter: 0.3,
      max: MAX_PEOPLE,
      onError: (_key, err) => console.warn(`person scope refresh failed: ${err instanceof Error ? err.message : String(err)}`),
    });
    // One timer for every person: refreshes happen here, never on a request or event path.
    const timer = setInterval(() => {
      cache.tick();
      accessUpkeep();
    }, UPKEEP_EVERY_MS);
    timer.unref();
    g[stateKey] = { cache, timer };
  }
  return g[stateKey].cache;
}

const typeKey = (group: string, plural: string) => `${group}/${plural}`;

/**
 * The apiserver decides, in as few requests as it can answer correctly:
 * - one SelfSubjectRulesReview per namespace, sent as the person, lists what they may do there;
 * - a cluster-wide right shows up in every namespace's rules, so a SubjectAccessReview without
 *   namespace is asked only for types every namespace allows (it also covers namespaces created
 *   later and cluster-scoped types, which RoleBindings can never grant);
 * - where the apiserver says its rules are incomplete (e.g. a webhook authorizer), that
 *   namespace is asked per type with SubjectAccessReviews instead.
 */
async function compute(id: Identity): Promise<PersonScope> {
  const namespaces = (await cached<KubeObject>("namespaces")).map((n) => n.metadata.name).sort();
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

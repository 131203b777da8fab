import "server-only";
import { request } from "./rest";
import type { Identity } from "./identity";
import { SharedCache } from "@/lib/live/shared-cache";
import { Limiter } from "@/lib/live/limiter";
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

/** One rule as the apiserver reports it in a SelfSubjectRulesReview. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface RulesReview {
  rules: ResourceRule[];
  /** The apiserver could not list every rule (e.g. a webhook authorizer): ask per check instead. */
  incomplete: boolean;
}

/** Answers stay this long; person scopes (scope.ts) use the same TTL so re-scoping never misses. */
export const ACCESS_TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;
/** Access reviews in flight to the apiserver at once, for the whole process. */
const MAX_CONCURRENT = 16;

interface State {
  answers: SharedCache<boolean>;
  limiter: Limiter;
  calls: { subjectAccessReviews: number; rulesReviews: number };
}
const stateKey = Symbol.for("bindery.access");
type Holder = { [stateKey]?: State };

function state(): State {
  const g = globalThis as Holder;
  g[stateKey] ??= {
    answers: new SharedCache<boolean>({ ttlMs: ACCESS_TTL_MS, max: MAX_ENTRIES }),
    limiter: new Limiter(MAX_CONCURRENT),
    calls: { subjectAccessReviews: 0, rulesReviews: 0 },
  };
  return g[stateKey];
}

/** A stable key for a person: user name and groups (order-independent). */
export function identityKey(id: Identity): string {
  return `${id.user}\n${[...id.groups].sort().join("\n")}`;
}

function keyOf(id: Identity, c: AccessCheck): string {
  return [identityKey(id), c.verb, c.group ?? "", c.resource, c.subresource ?? "", c.namespace ?? ""].join("|");
}

/**
 * Asks the apiserver whether this person may do something (SubjectAccessReview), cached
 * briefly in a bounded LRU; concurrent identical questions share one request. The portal
 * never keeps its own copy of RBAC: the cluster decides.
 */
export function can(id: Identity, check: AccessCheck): Promise<boolean> {
  const answers = state().answers;
  const misses = answers.stats().misses;
  const answer = answers.get(keyOf(id, check), () => reviewAccess(id, check));
  accessLookup(id, answers.stats().misses === misses);
  return answer;
}

/** One uncached SubjectAccessReview (at most MAX_CONCURRENT in flight), for callers that cache. */
export function reviewAccess(id: Identity, check: AccessCheck): Promise<boolean> {
  const s = state();
  return s.limiter.run(async () => {
    s.calls.subjectAccessReviews++;
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
    return res.status?.allowed === true;
  });
}

/**
 * Everything the person may do in one namespace, as the apiserver itself enumerates it
 * (SelfSubjectRulesReview, sent as the person): one request answers every resource type.
 * Not cached here: scope.ts caches what it derives from it.
 */
export function rulesIn(id: Identity, namespace: string): Promise<RulesReview> {
  const s = state();
  return s.limiter.run(async () => {
    s.calls.rulesReviews++;
    const res = await request<{ status?: { resourceRules?: ResourceRule[]; incomplete?: boolean; evaluationError?: string } }>({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
      as: id,
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace } },
    });
    return { rules: res.status?.resourceRules ?? [], incomplete: res.status?.incomplete === true };
  });
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

/** Drops expired answers (called by the shared upkeep timer in scope.ts). */
export function accessUpkeep(): void {
  state().answers.tick();
}

/** Counters for benchmarks, tests and /api/metrics: cache use and apiserver calls made. */
export function accessCacheStats(): {
  hits: number;
  misses: number;
  joined: number;
  size: number;
  inflight: number;
  queued: number;
  subjectAccessReviews: number;
  rulesReviews: number;
} {
  const s = state();
  const c = s.answers.stats();
  return {
    hits: c.hits,
    misses: c.misses,
    joined: c.joined,
    size: c.size,
    inflight: s.limiter.running,
    queued: s.limiter.queued,
    ...s.calls,
  };
}

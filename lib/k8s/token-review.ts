import "server-only";
import { createHash } from "node:crypto";
import { request } from "./rest";
import type { Identity } from "./identity";
import { RateLimiter } from "@/lib/auth/rate-limit";

interface TokenReviewResponse {
  status?: { authenticated?: boolean; user?: { username?: string; groups?: string[] }; error?: string };
}

const TTL_MS = 30_000;
const MAX_CACHED = 1_000;
/**
 * TokenReviews for tokens not in the cache: 10 at once and 10 a minute per source, 60 a minute
 * for everyone together; valid tokens are answered from the cache and cost nothing.
 */
export const TOKEN_REVIEW_LIMITS = { perSource: { burst: 10, perMinute: 10 }, global: { burst: 30, perMinute: 60 } };
const cacheKey = Symbol.for("bindery.token-reviews");
type Cache = Map<string, { id: Identity | null; until: number }>;
type Holder = { [cacheKey]?: { cache: Cache; limiter: RateLimiter } };

function state() {
  const g = globalThis as Holder;
  g[cacheKey] ??= { cache: new Map(), limiter: new RateLimiter(TOKEN_REVIEW_LIMITS) };
  return g[cacheKey];
}
const cache = () => state().cache;

/** Too many unknown tokens from one source (or from everyone): answered 429 without asking the cluster. */
export class TokenReviewLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("too many token reviews");
  }
}

/**
 * Who a bearer token belongs to, as the cluster says (TokenReview, sent with the portal's
 * own identity, which needs `create` on tokenreviews.authentication.k8s.io). Null when the
 * cluster does not accept the token. Answers are cached briefly under a hash of the token
 * so scripted exports do not hit the apiserver on every call; the token itself is never kept.
 */
export async function reviewToken(token: string, source = "unknown"): Promise<Identity | null> {
  const key = createHash("sha256").update(token).digest("hex");
  const now = Date.now();
  const hit = cache().get(key);
  if (hit && hit.until > now) return hit.id;
  const allowed = state().limiter.take(source, now);
  if (!allowed.ok) throw new TokenReviewLimited(allowed.retryAfterSeconds);
  const res = await request<TokenReviewResponse>({
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/tokenreviews",
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } },
  });
  const user = res.status?.user;
  const id = res.status?.authenticated && user?.username ? { user: user.username, groups: user.groups ?? [] } : null;
  // Bounded: the oldest answer goes first (Map keeps insertion order).
  cache().delete(key);
  if (cache().size >= MAX_CACHED) cache().delete(cache().keys().next().value!);
  cache().set(key, { id, until: now + TTL_MS });
  return id;
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | null): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

import "server-only";
import { createHash } from "node:crypto";
import { request } from "./rest";
import type { Identity } from "./identity";

interface TokenReviewResponse {
  status?: { authenticated?: boolean; user?: { username?: string; groups?: string[] }; error?: string };
}

const TTL_MS = 30_000;
const cacheKey = Symbol.for("bindery.token-reviews");
type Cache = Map<string, { id: Identity | null; until: number }>;
type Holder = { [cacheKey]?: Cache };

function cache(): Cache {
  const g = globalThis as Holder;
  g[cacheKey] ??= new Map();
  return g[cacheKey];
}

/**
 * Who a bearer token belongs to, as the cluster says (TokenReview, sent with the portal's
 * own identity, which needs `create` on tokenreviews.authentication.k8s.io). Null when the
 * cluster does not accept the token. Answers are cached briefly under a hash of the token
 * so scripted exports do not hit the apiserver on every call; the token itself is never kept.
 */
export async function reviewToken(token: string): Promise<Identity | null> {
  const key = createHash("sha256").update(token).digest("hex");
  const now = Date.now();
  const hit = cache().get(key);
  if (hit && hit.until > now) return hit.id;
  const res = await request<TokenReviewResponse>({
    method: "POST",
    path: "/apis/authentication.k8s.io/v1/tokenreviews",
    body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenReview", spec: { token } },
  });
  const user = res.status?.user;
  const id = res.status?.authenticated && user?.username ? { user: user.username, groups: user.groups ?? [] } : null;
  if (cache().size > 1_000) cache().clear();
  cache().set(key, { id, until: now + TTL_MS });
  return id;
}

/** The token from an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | null): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

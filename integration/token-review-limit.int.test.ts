import { describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/unused/route";
import { TOKEN_REVIEW_LIMITS } from "@/lib/k8s/token-review";
import { kube } from "@/e2e/support/kube";
import "./support";

// Random bearer tokens must not turn into unbounded TokenReviews against the real apiserver.
const call = (token: string, source: string) =>
  exportRoute(new Request("http://portal/api/unused?format=json", { headers: { Authorization: `Bearer ${token}`, "X-Forwarded-For": source } }));
const random = () => `bogus-${Math.random().toString(36).slice(2)}`;

describe("TokenReview rate limit on /api/unused", () => {
  it("answers 429 with Retry-After once a source has spent its reviews; cached valid tokens keep working", async () => {
    const tr = await kube<{ status: { token: string } }>("POST", "/api/v1/namespaces/team-a/serviceaccounts/default/token", { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 600 } });
    const valid = tr.body.status.token;
    const source = "203.0.113.7";
    expect((await call(valid, source)).status).toBe(403); // reviewed: a real identity, not an admin
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_REVIEW_LIMITS.perSource.burst; i++) statuses.push((await call(random(), source)).status);
    // The valid token's review used one of the burst, so the last of these is refused.
    expect(statuses).toEqual([...Array(TOKEN_REVIEW_LIMITS.perSource.burst - 1).fill(401), 429]);
    const res = await call(random(), source);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toMatch(/Too many unrecognised tokens/);
    // Known tokens are answered from the cache, without a review: still 403, not 429.
    expect((await call(valid, source)).status).toBe(403);
    // Another source still has its own allowance (within the global cap).
    expect((await call(random(), "198.51.100.9")).status).toBe(401);
  });

  it("caps all sources together", async () => {
    const seen = new Set<number>();
    for (let i = 0; i < TOKEN_REVIEW_LIMITS.global.burst + 5; i++) seen.add((await call(random(), `192.0.2.${i}`)).status);
    expect(seen.has(429)).toBe(true);
  });
});

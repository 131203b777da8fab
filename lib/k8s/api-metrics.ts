import "server-only";
import { requestContext } from "@/lib/log";
import { apiVerb, metrics } from "@/lib/metrics";
import type { Identity } from "./identity";

/**
 * Measures one apiserver call (lib/k8s/rest.ts): latency until the response headers, errors
 * (no answer, 429, 5xx), and the request's log context (who it acted as, last status, time).
 */
export function apiCall(method: string | undefined, query: Record<string, unknown> | undefined, as: Identity | undefined) {
  const verb = apiVerb(method, query);
  const start = performance.now();
  const ctx = requestContext();
  if (ctx && as) ctx.user ??= as.user;
  const spent = () => {
    const ms = performance.now() - start;
    if (ctx) {
      ctx.apiCalls++;
      ctx.apiMs += ms;
    }
    return ms / 1000;
  };
  return {
    answered(status: number): void {
      metrics.apiDuration().observe({ verb, code: String(status) }, spent());
      if (ctx) ctx.apiLastStatus = status;
      if (status === 429 || status >= 500) metrics.apiErrors().inc({ verb, reason: String(status) });
    },
    failed(err: unknown, aborted: boolean): void {
      spent();
      if (aborted) return; // we hung up (page left, watch stopped): not the apiserver's fault
      const reason = err instanceof Error && err.message === "timeout" ? "timeout" : "unreachable";
      metrics.apiErrors().inc({ verb, reason });
    },
  };
}

/** One access-check lookup (lib/k8s/access.ts): cache hit or miss, and whom the request is for. */
export function accessLookup(id: Identity, hit: boolean): void {
  metrics.accessChecks().inc({ result: hit ? "hit" : "miss" });
  const ctx = requestContext();
  if (ctx) ctx.user ??= id.user;
}

import { Registry } from "./registry";

/**
 * The process-wide registry and the portal's own metrics, on globalThis so dev-mode reloads
 * and the several bundles Next builds share one set of series. Gauges that mirror state
 * (caches, streams, leadership) are read at scrape time by collectors registered next to
 * that state (lib/k8s/cache-metrics.ts, lib/metrics/http.ts, lib/k8s/lease.ts).
 */
const key = Symbol.for("bindery.metrics");
type Holder = { [key]?: Registry };

export function registry(): Registry {
  const g = globalThis as Holder;
  g[key] ??= new Registry();
  return g[key];
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  httpDuration: () =>
    registry().histogram(
      "bindery_http_request_duration_seconds",
      "Time to answer a request, by route pattern (streams count until they close).",
      ["route", "method", "code"],
      SECONDS,
    ),
  apiDuration: () =>
    registry().histogram(
      "bindery_apiserver_request_duration_seconds",
      "Time until the apiserver's response headers arrive (watches: until the stream opens).",
      ["verb", "code"],
      SECONDS,
    ),
  apiErrors: () =>
    registry().counter("bindery_apiserver_request_errors_total", "Apiserver requests that failed: no answer, or a 5xx/429 answer.", ["verb", "reason"]),
  watchRestarts: () =>
    registry().counter("bindery_watch_restarts_total", "Shared watches that ended with an error and were retried after a backoff.", ["type"]),
  watchRelists: () => registry().counter("bindery_watch_relists_total", "Full lists of a resource type (start, and after 410 Gone or a failure).", ["type"]),
  usageCollect: () =>
    registry().histogram("bindery_usage_collect_duration_seconds", "Time to collect volume usage for every claim (one refresh).", ["source"], [...SECONDS, 30, 60]),
  usageErrors: () =>
    registry().counter("bindery_usage_collect_errors_total", "Problems in usage refreshes (a node that failed, a Prometheus query that failed).", ["source"]),
  accessChecks: () =>
    registry().counter("bindery_access_checks_total", "SubjectAccessReview lookups by cache result; hit rate = hit / (hit + miss).", ["result"]),
};

/** Verb for the metric label: what the call does, not its HTTP method alone. */
export function apiVerb(method: string | undefined, query: Record<string, unknown> | undefined): string {
  if (query?.watch) return "WATCH";
  return (method ?? "GET").toUpperCase();
}

import "server-only";
import { combine, usageQueries, vectorByClaim, type Field, type PromVectorResponse } from "@/lib/usage/prometheus";
import type { VolumeUsage } from "@/lib/usage/types";

// The kubelet's volume series from Prometheus (the OpenShift console's and Lens' convention):
// a handful of instant queries per refresh, whatever the number of claims. Lives next to the
// other usage source; it reads Prometheus, not the apiserver.

const QUERY_TIMEOUT_MS = 15_000;

export interface PrometheusCollection {
  byClaim: Map<string, VolumeUsage>;
  errors: string[];
  /** Every query failed: Prometheus is unreachable or refuses us. */
  unreachable: boolean;
  /** Time spent on this process's loop (parsing the answers, building the figures), ms. */
  loopMs: number;
}

async function instant(baseUrl: string, query: string, at: number, onLoop: (ms: number) => void): Promise<PromVectorResponse> {
  const body = new URLSearchParams({ query, time: String(at / 1000) });
  // POST keeps long queries out of URLs and access logs; Prometheus accepts both.
  const res = await fetch(`${baseUrl}/api/v1/query`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
  });
  const text = await res.text();
  let json: PromVectorResponse | undefined;
  const t0 = performance.now();
  try {
    json = JSON.parse(text) as PromVectorResponse;
  } catch {
    json = undefined;
  }
  onLoop(performance.now() - t0);
  if (!res.ok || json?.status !== "success") {
    throw new Error(`HTTP ${res.status}${json?.error ? `: ${json.error}` : text ? `: ${text.slice(0, 200)}` : ""}`);
  }
  return json;
}

export async function collectPrometheus(baseUrl: string, windowMs: number): Promise<PrometheusCollection> {
  const at = Date.now();
  const queries = Object.entries(usageQueries(windowMs)) as [Field, string][];
  const errors: string[] = [];
  const fields: Partial<Record<Field, ReturnType<typeof vectorByClaim>>> = {};
  let loopMs = 0;
  const onLoop = (ms: number) => (loopMs += ms);
  await Promise.all(
    queries.map(async ([field, q]) => {
      try {
        const res = await instant(baseUrl, q, at, onLoop);
        const t0 = performance.now();
        fields[field] = vectorByClaim(res);
        onLoop(performance.now() - t0);
      } catch (e) {
        const why = e instanceof Error ? (e.name === "TimeoutError" ? "timed out" : e.cause instanceof Error ? e.cause.message : e.message) : String(e);
        errors.push(`${field}: ${why}`);
      }
    }),
  );
  errors.sort();
  const t0 = performance.now();
  const byClaim = combine(fields, windowMs);
  onLoop(performance.now() - t0);
  return { byClaim, errors, unreachable: errors.length === queries.length, loopMs: Math.round(loopMs) };
}

import "server-only";
import {
  SERIES,
  WINDOW_FIELDS,
  carryMaximum,
  combineSteps,
  usageQueries,
  vectorByClaim,
  previousVector,
  windowDue,
  type Field,
  type PromVectorResponse,
  type Vector,
  type WindowAggregates,
} from "@/lib/usage/prometheus";
import type { VolumeUsage } from "@/lib/usage/types";
import type { Pause } from "@/lib/runtime/foreground";
import { sliced } from "@/lib/runtime/sliced";

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
  /** Whether this refresh asked for the window's aggregates (else they were carried forward). */
  windowRead: boolean;
}

/**
 * The pause awaited before each step on this process's loop when none is given (a first refresh,
 * which a reader may be waiting for); lib/k8s/usage.ts passes one that yields to pages later.
 */
const noPause: Pause = () => Promise.resolve();

async function instant(baseUrl: string, query: string, at: number, onLoop: (ms: number) => void, pause: Pause): Promise<PromVectorResponse> {
  const body = new URLSearchParams({ query, time: String(at / 1000) });
  // POST keeps long queries out of URLs and access logs; Prometheus accepts both.
  const res = await fetch(`${baseUrl}/api/v1/query`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
  });
  const text = await res.text();
  await pause();
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

/** The window's aggregates last read, per Prometheus and window (on globalThis for dev reloads). */
const windowKey = Symbol.for("bindery.usage-prometheus-window");
type Holder = { [windowKey]?: Map<string, WindowAggregates> };
function windows(): Map<string, WindowAggregates> {
  const g = globalThis as Holder;
  g[windowKey] ??= new Map();
  return g[windowKey];
}

/**
 * One refresh: the current figures every time; the window's maximum and first sample (nearly
 * all of Prometheus' work at 10k claims) only every `windowRefreshMs`, carried forward between.
 * When some queries fail but not all, their fields keep the `previous` refresh's figures (and
 * the window its last aggregates); the errors still say which failed.
 */
export async function collectPrometheus(
  baseUrl: string,
  windowMs: number,
  windowRefreshMs = 0,
  pause: Pause = noPause,
  previous: ReadonlyMap<string, VolumeUsage> = new Map(),
): Promise<PrometheusCollection> {
  const at = Date.now();
  const kept = windows().get(baseUrl);
  const readWindow = windowDue(kept, at, windowMs, windowRefreshMs);
  const queries = (Object.entries(usageQueries(windowMs)) as [Field, string][]).filter(
    ([field]) => readWindow || !(WINDOW_FIELDS as readonly Field[]).includes(field),
  );
  const errors: string[] = [];
  const fields: Partial<Record<Field, Vector>> = {};
  let loopMs = 0;
  const onLoop = (ms: number) => (loopMs += ms);
  await Promise.all(
    queries.map(async ([field, q]) => {
      try {
        const res = await instant(baseUrl, q, at, onLoop, pause);
        await pause();
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
  const unreachable = errors.length === queries.length;
  await pause();
  const t0 = performance.now();
  if (!unreachable && previous.size) {
    for (const field of Object.keys(SERIES) as (keyof typeof SERIES)[]) fields[field] ??= previousVector(field, previous);
  }
  if (readWindow && fields.maxUsed && fields.firstSeen) {
    windows().set(baseUrl, { at, windowMs, maxUsed: fields.maxUsed, firstSeen: fields.firstSeen });
  } else if (kept && kept.windowMs === windowMs && !unreachable) {
    carryMaximum(kept.maxUsed, fields.used);
    fields.maxUsed = kept.maxUsed;
    fields.firstSeen = kept.firstSeen;
  }
  onLoop(performance.now() - t0);
  // Folded a few milliseconds at a time, each slice after the pages waiting (capped).
  const { value: byClaim, busyMs } = await sliced(combineSteps(fields, windowMs), pause);
  onLoop(busyMs);
  return { byClaim, errors, unreachable, loopMs: Math.round(loopMs), windowRead: readWindow };
}

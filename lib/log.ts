import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Structured logs: one JSON object per line on stdout/stderr, so a cluster's log pipeline can
 * filter by request id, user, route and status instead of parsing prose. Request-scoped fields
 * (request id, route, the person, apiserver calls) come from the request context opened by
 * lib/metrics/http.ts for every HTTP request.
 */
export interface RequestContext {
  requestId: string;
  route: string;
  user?: string;
  apiCalls: number;
  apiLastStatus?: number;
  apiMs: number;
}

const key = Symbol.for("bindery.log-context");
type Holder = { [key]?: AsyncLocalStorage<RequestContext> };

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as Holder;
  g[key] ??= new AsyncLocalStorage<RequestContext>();
  return g[key];
}

export function requestContext(): RequestContext | undefined {
  return requestContextStorage().getStore();
}

/**
 * Runs `fn` outside any request context. Process-wide state (watches, timers, caches) is created
 * lazily by whichever request needs it first; its later logs and apiserver calls must not be
 * attributed to that request for the rest of the process's life.
 */
export function outsideRequest<T>(fn: () => T): T {
  return requestContextStorage().exit(fn);
}

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

function errorFields(err: unknown): Fields {
  if (err instanceof Error) return { error: err.message, errorName: err.name };
  return err === undefined ? {} : { error: String(err) };
}

export function write(level: Level, msg: string, fields: Fields = {}): void {
  const ctx = requestContext();
  const line: Fields = {
    time: new Date().toISOString(),
    level,
    msg,
    ...(ctx ? { requestId: ctx.requestId, route: ctx.route, user: ctx.user } : {}),
    ...fields,
  };
  const text = JSON.stringify(line, (_k, v: unknown) => (v instanceof Error ? v.message : v));
  if (level === "error" || level === "warn") process.stderr.write(text + "\n");
  else process.stdout.write(text + "\n");
}

/** Debug lines (per-recompute timings) only when asked for: they are for benchmarks, not operators. */
const debugOn = () => process.env.BINDERY_LOG_LEVEL === "debug";

export const log = {
  debug: (msg: string, fields?: Fields) => {
    if (debugOn()) write("debug", msg, fields);
  },
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  /** An error's message and name, never its stack or request details that might hold secrets. */
  error: (msg: string, err?: unknown, fields?: Fields) => write("error", msg, { ...errorFields(err), ...fields }),
};

import "server-only";
import { noteActivity } from "@/lib/runtime/heap-trim";
import { foregroundEnded, foregroundStarted } from "@/lib/runtime/foreground";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { log, requestContextStorage, type RequestContext } from "@/lib/log";
import { metrics, registry } from "./index";
import { routeMatcher, type RouteMatcher } from "./routes";

/**
 * Every HTTP request the portal's Node server answers, measured where it enters: Next.js has no
 * hook around a whole request (pages, actions, route handlers and streams alike), so we wrap the
 * server's "request" event once at startup (instrumentation.ts). It gives each request an id
 * (X-Request-Id, kept from the caller when well-formed), opens the log context, records latency
 * by route pattern, counts open streams, and writes one JSON log line per request.
 */
const installed = Symbol.for("bindery.http-hook");
type Holder = { [installed]?: true };

const inFlight = new Map<string, number>();
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// Probes and scrapes every few seconds, and static assets, would drown the useful lines.
const QUIET = new Set(["/_next", "/api/healthz", "/api/readyz", "/api/metrics"]);

let matcher: RouteMatcher | undefined;
function routeOf(pathname: string): string {
  if (!matcher) {
    let manifest;
    try {
      const dist = path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "routes-manifest.json");
      manifest = JSON.parse(readFileSync(dist, "utf8"));
    } catch {
      manifest = undefined; // dev server or no build: everything is "other" but still counted
    }
    matcher = routeMatcher(manifest);
  }
  return matcher(pathname);
}

function requestId(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && /^[A-Za-z0-9._-]{8,128}$/.test(v) ? v : randomUUID();
}

function track(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, page: boolean): void {
  const start = process.hrtime.bigint();
  const method = METHODS.has(req.method ?? "") ? (req.method as string) : "other";
  inFlight.set(ctx.route, (inFlight.get(ctx.route) ?? 0) + 1);
  noteActivity();
  // Background slices wait for page requests; a stream is open for hours and a probe is tiny.
  if (page) foregroundStarted();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    noteActivity();
    if (page) foregroundEnded();
    inFlight.set(ctx.route, (inFlight.get(ctx.route) ?? 1) - 1);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const code = res.writableFinished ? String(res.statusCode) : "aborted";
    metrics.httpDuration().observe({ route: ctx.route, method, code }, seconds);
    if (QUIET.has(ctx.route) && res.statusCode < 400) return;
    log.info("request", {
      requestId: ctx.requestId,
      route: ctx.route,
      user: ctx.user,
      method,
      status: res.statusCode,
      aborted: !res.writableFinished || undefined,
      ms: Math.round(seconds * 1000),
      apiCalls: ctx.apiCalls,
      apiStatus: ctx.apiLastStatus,
      apiMs: Math.round(ctx.apiMs),
    });
  };
  res.once("finish", finish);
  res.once("close", finish);
}

/** A request answered by plain Node, without Next.js (see `installHttpHook`). */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Wraps every HTTP server's "request" event once. `direct` maps exact paths to handlers that
 * answer without Next.js (only the live stream: see lib/live/serve-stream.ts for why); they
 * still get a request id, metrics and a log line like every other request.
 */
export function installHttpHook(direct: Record<string, NodeHandler> = {}): void {
  const g = globalThis as Holder;
  if (g[installed]) return;
  g[installed] = true;
  registry().gauge("bindery_http_requests_in_flight", "Requests being answered now, by route pattern.", ["route"], () =>
    [...inFlight].filter(([, n]) => n > 0).map(([route, value]) => ({ labels: { route }, value })),
  );
  registry().gauge("bindery_sse_connections", "Open Server-Sent Events streams (/api/stream) on this replica.", [], () => [
    { labels: {}, value: inFlight.get("/api/stream") ?? 0 },
  ]);
  const proto = http.Server.prototype;
  // Untyped on purpose: Server.emit's overloads cannot be forwarded generically.
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== "request") return emit.call(this, event, ...args);
    const [req, res] = args as [IncomingMessage, ServerResponse];
    const id = requestId(req.headers["x-request-id"]);
    req.headers["x-request-id"] = id;
    res.setHeader("X-Request-Id", id);
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const handler = Object.hasOwn(direct, pathname) ? direct[pathname] : undefined;
    const ctx: RequestContext = { requestId: id, route: handler ? pathname : routeOf(pathname), apiCalls: 0, apiMs: 0 };
    track(req, res, ctx, !handler && !QUIET.has(ctx.route));
    if (!handler) return requestContextStorage().run(ctx, () => emit.call(this, event, ...args));
    requestContextStorage().run(ctx, () =>
      handler(req, res).catch((e: unknown) => {
        log.error("request failed", e);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Something went wrong; reload the page.");
      }),
    );
    return true;
  } as typeof proto.emit;
}

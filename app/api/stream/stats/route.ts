import { timingSafeEqual } from "node:crypto";
import { accessCacheStats } from "@/lib/k8s/access";
import { personScopeStats } from "@/lib/k8s/scope";
import { streamStats } from "@/lib/k8s/stream";
import { watchStats } from "@/lib/k8s/informers";
import { collectNow } from "@/lib/runtime/heap-trim";

export const dynamic = "force-dynamic";

/**
 * Internal counters for benchmarks and integration tests: off (404) unless the process was
 * started with BINDERY_LIVE_STATS_TOKEN, and then only for a request carrying that token.
 * No session: the caller is a test harness, and nothing here names objects.
 */
export async function GET(request: Request): Promise<Response> {
  const token = process.env.BINDERY_LIVE_STATS_TOKEN;
  const given = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token ?? "");
  if (!token || token.length < 16 || a.length !== b.length || !timingSafeEqual(a, b)) {
    return new Response("Not found", { status: 404 });
  }
  // The same collection as the portal's quiet-time trim, so readings compare like with like.
  if (new URL(request.url).searchParams.has("gc")) collectNow();
  return Response.json({
    streams: streamStats(),
    access: accessCacheStats(),
    scopes: personScopeStats(),
    watches: watchStats(),
    memory: process.memoryUsage(),
    pid: process.pid,
    now: Date.now(),
  });
}

import { timingSafeEqual } from "node:crypto";
import { registry } from "@/lib/metrics";
import { CONTENT_TYPE } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

function allowed(header: string | null): boolean {
  const want = process.env.BINDERY_METRICS_TOKEN;
  if (!want) return true; // open by default: the chart's NetworkPolicy limits who reaches the port
  const got = header?.match(/^Bearer (.+)$/)?.[1] ?? "";
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus text format. Counts and latencies only: no object names, no user names. With
 * BINDERY_METRICS_TOKEN set, scrapers must send it as a bearer token.
 */
export function GET(request: Request): Response {
  if (!allowed(request.headers.get("authorization"))) {
    return new Response("metrics need the scrape token\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="bindery-metrics"' } });
  }
  return new Response(registry().expose(), { headers: { "Content-Type": CONTENT_TYPE, "Cache-Control": "no-store" } });
}

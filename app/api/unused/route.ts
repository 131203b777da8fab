import { getIdentity, isStorageAdmin } from "@/lib/auth/session";
import { TokenReviewLimited, bearerToken, reviewToken } from "@/lib/k8s/token-review";
import { sourceOf } from "@/lib/auth/rate-limit";
import { isK8sError, safeMessage } from "@/lib/k8s/errors";
import type { Identity } from "@/lib/k8s/identity";
import { reviewExport } from "@/lib/unused/review";
import { toCsv } from "@/lib/unused/csv";
import { parseReviewQuery } from "@/lib/validations/unused";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * Who is asking: a Kubernetes bearer token (automation; checked with a TokenReview) or the
 * portal session cookie. Either way the admin check is the cluster's SubjectAccessReview.
 */
async function caller(request: Request): Promise<Identity | Response> {
  const token = bearerToken(request.headers.get("authorization"));
  if (token) {
    try {
      const id = await reviewToken(token, sourceOf(request.headers.get("x-forwarded-for")));
      return id ?? problem(401, "The cluster did not accept this token.", { "WWW-Authenticate": 'Bearer realm="bindery"' });
    } catch (e) {
      if (e instanceof TokenReviewLimited) {
        return problem(429, `Too many unrecognised tokens; try again in ${e.retryAfterSeconds} s. Tokens accepted in the last 30 s keep working.`, { "Retry-After": String(e.retryAfterSeconds) });
      }
      if (isK8sError(e) && e.kind === "forbidden") {
        log.error("TokenReview refused: the portal needs create on tokenreviews.authentication.k8s.io");
        return problem(503, "The portal cannot verify tokens right now; use a session or ask the cluster admin.");
      }
      return problem(503, "The cluster cannot be reached right now.");
    }
  }
  const id = await getIdentity();
  return id ?? problem(401, "Sign in or send Authorization: Bearer <kubernetes token>.", { "WWW-Authenticate": 'Bearer realm="bindery"' });
}

/** The unused-volume review as JSON or CSV, with the same filters and sort as the page. */
export async function GET(request: Request): Promise<Response> {
  const id = await caller(request);
  if (id instanceof Response) return id;
  if (!(await isStorageAdmin(id))) return problem(403, "Only storage admins can export the unused volume review.");
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return problem(400, "format must be csv or json.");
  const { query, errors } = parseReviewQuery(Object.fromEntries(params));
  if (Object.keys(errors).length > 0) return Response.json({ error: "Invalid filters.", fieldErrors: errors }, { status: 400, headers: { "Cache-Control": "no-store" } });
  let review;
  try {
    review = await reviewExport(query);
  } catch (e) {
    return problem(503, safeMessage(e));
  }
  const stamp = new Date(review.computedAt).toISOString();
  if (format === "csv") {
    return new Response(toCsv(review.findings, review.kept), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="unused-review-${stamp.slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const filters = { reason: query.reason, class: query.class, ns: query.ns, olderThan: query.olderThan, pending: query.pending, sort: query.sort, dir: query.dir };
  return Response.json(
    { generatedAt: stamp, requestedBy: id.user, filters, totals: review.totals, findings: review.findings, kept: review.kept },
    { headers: { "Cache-Control": "no-store", ...(params.get("download") ? { "Content-Disposition": `attachment; filename="unused-review-${stamp.slice(0, 10)}.json"` } : {}) } },
  );
}

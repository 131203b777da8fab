export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers HTTP. Deliberately checks nothing else: an unreachable
 * apiserver must not get every replica restarted (that is readiness' job, /api/readyz).
 * No session: probes come from the kubelet; nothing here is about anyone's data.
 */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}

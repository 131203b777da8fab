import { readiness } from "@/lib/k8s/health";
import { isLeading } from "@/lib/jobs/leader-jobs";

export const dynamic = "force-dynamic";

/**
 * Readiness: every shared watch synced and connected, and the apiserver answering. A replica
 * that lost its watches answers 503 and stops receiving traffic until it recovers. No session
 * (kubelet probes); the body names resource types and states only, never objects.
 */
export async function GET(): Promise<Response> {
  const r = await readiness();
  const watches = r.watches.map(({ type, synced, connected }) => ({ type, synced, connected }));
  return Response.json(
    { ready: r.ready, apiserver: r.apiserver.ok, leader: isLeading(), watches },
    { status: r.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

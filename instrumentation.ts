/**
 * Runs once when the portal server starts: opens the shared watches right away, so the first
 * page is served from a warm cache and "last seen mounted" tracking starts with the server,
 * not with the first visit to the unused review. Refuses to run with a forgeable session secret.
 * Also wraps the HTTP server for request ids, latency metrics and JSON request logs (and to answer
 * the live stream without Next.js), and joins leader election for the periodic jobs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { log } = await import("@/lib/log");
  const { secretProblem } = await import("@/lib/auth/secret");
  const problem = secretProblem();
  if (problem) {
    log.error(
      `refusing to start: ${problem} Generate one with \`openssl rand -base64 32\` and set it in the portal's environment (see SECURITY.md).`,
    );
    process.exit(1);
  }
  const { installHttpHook } = await import("@/lib/metrics/http");
  const { serveStream, STREAM_PATH } = await import("@/lib/live/serve-stream");
  installHttpHook({ [STREAM_PATH]: serveStream });
  const { registerProcessMetrics } = await import("@/lib/metrics/process");
  registerProcessMetrics();
  const { startHeapTrim } = await import("@/lib/runtime/heap-trim");
  startHeapTrim();
  try {
    const { informer } = await import("@/lib/k8s/informers");
    const { lastSeen } = await import("@/lib/unused/last-seen");
    const { registerCacheMetrics } = await import("@/lib/k8s/cache-metrics");
    for (const key of ["namespaces", "rolebindings", "clusterrolebindings", "storageclasses", "persistentvolumes", "persistentvolumeclaims", "pods", "events"] as const) {
      informer(key);
    }
    registerCacheMetrics();
    lastSeen();
    const { startLeader } = await import("@/lib/jobs/start");
    startLeader();
  } catch (e) {
    // A missing kubeconfig must not keep the server from starting; pages then say the cluster is unreachable.
    log.error("could not start the shared watches", e);
  }
}

/**
 * Runs once when the portal server starts: refuses to run with a forgeable session secret,
 * then opens the shared watches right away, so the first page is served from a warm cache
 * and "last seen mounted" tracking starts with the server, not with the first visit to the
 * unused review.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { secretProblem } = await import("@/lib/auth/secret");
  const problem = secretProblem();
  if (problem) {
    console.error(
      `[bindery] refusing to start: ${problem} Generate one with \`openssl rand -base64 32\` and set it in the portal's environment (see SECURITY.md).`,
    );
    process.exit(1);
  }
  try {
    const { informer } = await import("@/lib/k8s/informers");
    const { lastSeen } = await import("@/lib/unused/last-seen");
    for (const key of ["namespaces", "storageclasses", "persistentvolumes", "persistentvolumeclaims", "pods", "events"] as const) {
      informer(key);
    }
    lastSeen();
  } catch (e) {
    // A missing kubeconfig must not keep the server from starting; pages then say the cluster is unreachable.
    console.error("[bindery] could not start the shared watches:", e instanceof Error ? e.message : e);
  }
}

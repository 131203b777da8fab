// Shared by the flow/claims integration tests: people, polling, cleanup.
import { request } from "@/lib/k8s/rest";
import type { Identity } from "@/lib/k8s/identity";

export const bob: Identity = { user: "bob", groups: ["bindery:developers", "bindery:team-a"] };
export const john: Identity = { user: "john", groups: ["bindery:admins"] };

export const suffix = () => Math.random().toString(36).slice(2, 7);

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** Deletes what a test made: pods as Bob (the storage admin may only read pods), the rest as John. */
export async function remove(path: string): Promise<void> {
  const as = path.includes("/pods/") ? bob : john;
  await request({ method: "DELETE", path, as, query: { gracePeriodSeconds: 0 } }).catch(
    (e: unknown) => {
      if (!(e instanceof Error && /no longer exists/.test(e.message)))
        console.warn(`cleanup of ${path} failed: ${String(e)}`);
    },
  );
}

export function podBody(name: string, claim: string) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "team-a" },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: "main",
          image: "busybox:1.36",
          command: ["sleep", "infinity"],
          volumeMounts: [{ name: "data", mountPath: "/data" }],
        },
      ],
      volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }],
    },
  };
}

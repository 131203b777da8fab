import { existsSync } from "node:fs";
import path from "node:path";
import { request } from "@/lib/k8s/rest";
import { K8sError } from "@/lib/k8s/errors";
import type { Identity } from "@/lib/k8s/identity";
import type { ActionResult } from "@/lib/actions/result";

// Integration tests run against the real local control plane with the portal's own
// kubeconfig, acting as the demo identities through impersonation like the portal does.

export const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.join(process.cwd(), ".cluster");
process.env.KUBECONFIG ??= path.join(clusterDir, "kubeconfig-portal.yaml");
if (!existsSync(process.env.KUBECONFIG)) {
  throw new Error(`No kubeconfig at ${process.env.KUBECONFIG}: start the control plane with npm run cluster:up`);
}

export const john: Identity = { user: "john", groups: ["bindery:admins"] };
export const bob: Identity = { user: "bob", groups: ["bindery:developers", "bindery:team-a"] };
export const alice: Identity = { user: "alice", groups: ["bindery:developers", "bindery:team-b"] };

/** A short random suffix so reruns and parallel runs never collide. */
export function uniq(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof K8sError && e.kind === "not-found")) throw e;
  }
}

export function get<T>(p: string, as: Identity = john): Promise<T> {
  return request<T>({ path: p, as });
}

export function post<T>(p: string, body: unknown, as: Identity = john): Promise<T> {
  return request<T>({ method: "POST", path: p, body, as });
}

export function del(p: string, as: Identity = john): Promise<void> {
  return ignoreNotFound(request({ method: "DELETE", path: p, as }));
}

export const claimManifest = (name: string, storageClassName: string | undefined, size: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } }, ...(storageClassName !== undefined ? { storageClassName } : {}), ...extra },
});

export const podManifest = (name: string, claimName: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: {
    containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"], volumeMounts: [{ name: "data", mountPath: "/data" }] }],
    volumes: [{ name: "data", persistentVolumeClaim: { claimName } }],
  },
});

// ---- calling server actions (the session comes from ./session-mock or the test's own) ----

export type Outcome = ActionResult | { redirectTo: string };
export type FormAction = (prev: ActionResult | null, fd: FormData) => Promise<ActionResult>;

/** Submits a form to a server action; Next's thrown redirect comes back as { redirectTo }. */
export async function submit(action: FormAction, values: Record<string, string | string[]>): Promise<Outcome> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  try {
    return await action(null, fd);
  } catch (e) {
    if (e && typeof e === "object" && "redirectTo" in e) return { redirectTo: String(e.redirectTo) };
    throw e;
  }
}

/** The field errors of a refused submit (none for a success or a redirect). */
export const fieldErrorsOf = (o: Outcome): Record<string, string> => ("ok" in o && !o.ok ? o.fieldErrors : {});

import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

/**
 * Where the portal's own credentials come from, in order:
 * KUBECONFIG, in-cluster service account, the local control plane's portal kubeconfig.
 */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  if (env.KUBECONFIG) {
    kc.loadFromFile(env.KUBECONFIG);
    return kc;
  }
  if (env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
    return kc;
  }
  const local = path.join(
    env.BINDERY_CLUSTER_DIR ?? path.join(process.cwd(), ".cluster"),
    "kubeconfig-portal.yaml",
  );
  if (existsSync(local)) {
    kc.loadFromFile(local);
    return kc;
  }
  kc.loadFromDefault();
  return kc;
}

const globalKey = Symbol.for("bindery.kubeconfig");
type Holder = { [globalKey]?: KubeConfig };

/** One KubeConfig per process (kept on globalThis so dev-mode reloads reuse it). */
export function kubeConfig(): KubeConfig {
  const g = globalThis as Holder;
  g[globalKey] ??= loadKubeConfig();
  return g[globalKey];
}

export function apiServerUrl(): string {
  const cluster = kubeConfig().getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  return cluster.server.replace(/\/$/, "");
}

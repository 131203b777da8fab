import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { parse } from "yaml";

// Test setup talks to the real apiserver as the cluster admin (never through the portal),
// to arrange state and check what the portal did.

// From the working directory, not __dirname: benches load this file as an ES module (no
// __dirname there); tests and benches all run from the repository root (npm scripts).
export const clusterDir = process.env.BINDERY_CLUSTER_DIR ?? path.resolve(".cluster");

interface KubeconfigFile {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data"?: string; "client-key-data"?: string; token?: string } }[];
}

function adminConfig() {
  const file = path.join(clusterDir, "kubeconfig-admin.yaml");
  const kc = parse(fs.readFileSync(file, "utf8")) as KubeconfigFile;
  const cluster = kc.clusters[0]!.cluster;
  const user = kc.users[0]!.user;
  const b64 = (s?: string) => (s ? Buffer.from(s, "base64") : undefined);
  return {
    server: cluster.server,
    ca: b64(cluster["certificate-authority-data"]),
    cert: b64(user["client-certificate-data"]),
    key: b64(user["client-key-data"]),
    token: user.token,
  };
}

export async function kube<T = unknown>(method: string, apiPath: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: T }> {
  const c = adminConfig();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(c.server + apiPath),
      {
        method,
        ca: c.ca,
        cert: c.cert,
        key: c.key,
        headers: {
          Accept: "application/json",
          ...(c.token ? { Authorization: `Bearer ${c.token}` } : {}),
          ...(payload ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let data = "";
        res.on("data", (d) => (data += d));
        // Non-JSON answers (e.g. a node's /metrics through the node proxy) come back as text.
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: (data && (res.headers["content-type"] ?? "").includes("json") ? JSON.parse(data) : data || undefined) as T }));
      },
    );
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Deletes if present; ignores 404. */
export async function kubeDelete(apiPath: string): Promise<void> {
  const res = await kube("DELETE", apiPath);
  if (res.status >= 300 && res.status !== 404) throw new Error(`DELETE ${apiPath}: ${res.status}`);
}

export async function kubeCreate(apiPath: string, body: unknown): Promise<void> {
  const res = await kube("POST", apiPath, body);
  if (res.status >= 300 && res.status !== 409) throw new Error(`POST ${apiPath}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Force-removes a PVC (also clearing its protection finalizer once no pod uses it). */
export async function removeClaim(namespace: string, name: string): Promise<void> {
  await kubeDelete(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${name}`);
}

import { readFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import { parse } from "yaml";
import { clusterDir } from "./support";

// The cluster's admin (system:masters) for test setup that no portal identity may do:
// dry-run-applying a chart's RBAC, granting the local portal its Lease rights.

interface KubeConfigFile {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
}

const kc = parse(readFileSync(path.join(clusterDir, "kubeconfig-admin.yaml"), "utf8")) as KubeConfigFile;
const b64 = (s: string) => Buffer.from(s, "base64");
const agent = new https.Agent({
  ca: b64(kc.clusters[0]!.cluster["certificate-authority-data"]),
  cert: b64(kc.users[0]!.user["client-certificate-data"]),
  key: b64(kc.users[0]!.user["client-key-data"]),
});
export const apiServer = kc.clusters[0]!.cluster.server;

export interface AdminAnswer {
  status: number;
  body: { kind?: string; message?: string; reason?: string; [k: string]: unknown };
}

export function admin(method: string, p: string, body?: unknown, contentType = "application/json"): Promise<AdminAnswer> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(apiServer + p), { method, agent, headers: payload ? { "Content-Type": contentType } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: AdminAnswer["body"] = {};
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = { message: text };
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Server-side apply of one object as the bootstrap does (same field manager). */
export function adminApply(obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }, collection: string): Promise<AdminAnswer> {
  return admin("PATCH", `${collection}/${obj.metadata.name}?fieldManager=bindery-bootstrap&force=true`, obj, "application/apply-patch+yaml");
}

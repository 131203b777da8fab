// A minimal admin client for the benchmarks: GETs with the admin kubeconfig's client cert.
import fs from "node:fs";
import https from "node:https";
import { parse } from "yaml";
import { retryOnReset } from "./portal-http.mjs";

export function adminClient(kubeconfigPath) {
  const kc = parse(fs.readFileSync(kubeconfigPath, "utf8"));
  const cl = kc.clusters[0].cluster;
  const us = kc.users[0].user;
  const b64 = (s) => (s ? Buffer.from(s, "base64") : undefined);
  const agent = new https.Agent({ keepAlive: true, ca: b64(cl["certificate-authority-data"]), cert: b64(us["client-certificate-data"]), key: b64(us["client-key-data"]) });
  return {
    /** One GET, timed until the whole body is in (once more if the pooled socket was closed meanwhile, e.g. during a long seed). */
    get(apiPath) {
      return retryOnReset(() => new Promise((resolve, reject) => {
        const t0 = performance.now();
        const req = https.request(new URL(cl.server + apiPath), { agent, headers: { Accept: "application/json", ...(us.token ? { Authorization: `Bearer ${us.token}` } : {}) } }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
        });
        req.on("error", reject);
        req.end();
      }));
    },
    close: () => agent.destroy(),
  };
}

// Plain HTTP to a portal under benchmark: status, headers, wall time and the whole body (a Buffer).
import http from "node:http";

export function request(base, pathname, { headers = {}, body, method = "GET" } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(new URL(pathname, base), { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, ms: performance.now() - t0, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The same, with the body as text. */
export async function requestText(base, pathname, opts) {
  const r = await request(base, pathname, opts);
  return { ...r, body: r.body.toString() };
}

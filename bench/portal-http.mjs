// Plain HTTP to a portal under benchmark: status, headers, wall time, time to first byte and the
// whole body (a Buffer). Shared by the benches, with the one retry they all need (retryOnReset).
import http from "node:http";

/**
 * Runs `send` again once when it fails with EPIPE or ECONNRESET: a keep-alive socket the server
 * closed while it sat idle in the agent's pool fails the next request written to it, before the
 * server read anything. Any other error, or a second failure, is thrown.
 */
export async function retryOnReset(send) {
  try {
    return await send();
  } catch (e) {
    if (e?.code !== "EPIPE" && e?.code !== "ECONNRESET") throw e;
    return send();
  }
}

export function request(base, pathname, opts = {}) {
  return retryOnReset(() => requestOnce(base, pathname, opts));
}

function requestOnce(base, pathname, { headers = {}, body, method = "GET" } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(new URL(pathname, base), { method, headers }, (res) => {
      const chunks = [];
      let ttfb;
      res.once("data", () => (ttfb = performance.now() - t0));
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const ms = performance.now() - t0;
        resolve({ status: res.statusCode, headers: res.headers, ms, ttfb: ttfb ?? ms, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
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

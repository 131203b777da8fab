import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A request and response shaped as plain Node passes them, for tests that call a handler served
 * outside Next.js (the live stream) directly; records what the handler answered.
 */
export function nodeCall(url: string, opts: { method?: string; cookie?: string } = {}) {
  let status = 0;
  let body = "";
  const headers: Record<string, unknown> = {};
  const req = { method: opts.method ?? "GET", url, headers: opts.cookie ? { cookie: opts.cookie } : {} } as IncomingMessage;
  const res = {
    headersSent: false,
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
    writeHead(code: number, h: Record<string, unknown> = {}) {
      status = code;
      res.headersSent = true;
      for (const [k, v] of Object.entries(h)) headers[k.toLowerCase()] = v;
      return res;
    },
    end(chunk?: string) {
      body += chunk ?? "";
      return res;
    },
  };
  return { req, res: res as unknown as ServerResponse, status: () => status, body: () => body, header: (n: string) => headers[n.toLowerCase()] };
}

import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeIdentity } from "@/lib/auth/node-session";
import { openChangeStream, parseTopics } from "@/lib/k8s/stream";
import { STREAM_TOPICS } from "./messages";

/** The path the browser's live worker opens (`components/live/live-provider.tsx`). */
export const STREAM_PATH = "/api/stream";

/**
 * GET /api/stream: Server-Sent Events with live change notices for the signed-in person's pages.
 *
 * Answered by plain Node, before Next.js sees the request (`lib/metrics/http.ts` routes it here),
 * on purpose: an open stream then costs its socket and one fan-out registration. An App Router
 * route handler kept its whole request context and a web-stream pipe alive per open stream,
 * ~172 KiB of RSS each (bench:live); hundreds of idle tabs made that the portal's biggest cost.
 * The rules are those of every route handler: the session first, then what the person may list.
 */
export async function serveStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET") {
    res.writeHead(405, { Allow: "GET", "Content-Type": "text/plain; charset=utf-8" }).end("Only GET");
    return;
  }
  const id = await nodeIdentity(req, res);
  if (!id) {
    res.writeHead(401, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).end("Sign in first");
    return;
  }
  const asked = new URL(req.url ?? "/", "http://portal").searchParams.get("topics");
  const opened = openChangeStream(id, parseTopics(asked, STREAM_TOPICS), res);
  if (!opened.ok) {
    // Read by the browser's live worker and shown to the person as is.
    res.writeHead(opened.status, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" });
    res.end(opened.message);
  }
}

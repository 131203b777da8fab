import { getIdentity } from "@/lib/auth/session";
import { openChangeStream, parseTopics } from "@/lib/k8s/stream";
import { STREAM_TOPICS } from "@/lib/live/messages";

export const dynamic = "force-dynamic";

/** Server-Sent Events: live change notices for the signed-in person's pages. */
export async function GET(request: Request): Promise<Response> {
  const id = await getIdentity();
  if (!id) return new Response("Sign in first", { status: 401 });
  const topics = parseTopics(new URL(request.url).searchParams.get("topics"), STREAM_TOPICS);
  const opened = openChangeStream(id, topics, request.signal);
  if (!opened.ok) {
    // Read by the browser's live worker and shown to the person as is.
    return new Response(opened.message, {
      status: opened.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" },
    });
  }
  return new Response(opened.body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

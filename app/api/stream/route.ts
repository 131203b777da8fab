import { getIdentity } from "@/lib/auth/session";
import { changeStream } from "@/lib/k8s/stream";
import { STREAM_TOPICS } from "@/lib/live/messages";

export const dynamic = "force-dynamic";

/** Server-Sent Events: live change notices for the signed-in person's pages. */
export async function GET(request: Request): Promise<Response> {
  const id = await getIdentity();
  if (!id) return new Response("Sign in first", { status: 401 });
  const asked = new URL(request.url).searchParams.get("topics");
  const topics = asked ? asked.split(",").filter((t) => (STREAM_TOPICS as readonly string[]).includes(t)) : [...STREAM_TOPICS];
  return new Response(changeStream(id, topics, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

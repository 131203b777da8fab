import { requestStartedAt } from "@/lib/live/render-clock";
import { LiveRefreshClient, type LiveRefreshProps } from "./live-refresh-client";

/**
 * Keeps a server-rendered page live. Passes when this request began (server clock, like the
 * stream's change times; see `requestStartedAt`) so the client replays changes the page may
 * not have seen: one extra refresh at worst, never a missed one.
 */
export function LiveRefresh(props: LiveRefreshProps) {
  return <LiveRefreshClient {...props} renderedAt={requestStartedAt()} />;
}

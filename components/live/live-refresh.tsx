import { LiveRefreshClient, type LiveRefreshProps } from "./live-refresh-client";

/**
 * Keeps a server-rendered page live. Stamps the render time (server clock, like the stream's
 * change times) so the client can tell which changes the page has not seen yet.
 */
export function LiveRefresh(props: LiveRefreshProps) {
  // A server component renders once per request: reading the clock here is the point.
  // eslint-disable-next-line react-hooks/purity
  return <LiveRefreshClient {...props} renderedAt={Date.now()} />;
}

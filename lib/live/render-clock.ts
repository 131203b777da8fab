import "server-only";
import { cache } from "react";

/**
 * When this request began (server clock, like a change's `at`), taken once per request.
 * `requireSession()` takes it before the page reads anything and `<LiveRefresh>` hands it to
 * the browser, which replays every change that reached the cache after it. Stamped at
 * `<LiveRefresh>`'s own render instead, a change landing while the page still awaited something
 * else (an access check, after its data was read) counted as seen and never showed.
 */
export const requestStartedAt = cache((): number => Date.now());

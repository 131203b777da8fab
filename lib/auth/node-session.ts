import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { parseCookies } from "./cookies";
import { identityOf } from "./session-identity";
import type { Identity } from "@/lib/k8s/identity";

/**
 * The signed-in person for a request answered by plain Node (outside the App Router), or null:
 * next-auth's own session decoding with the portal's options, so lifetime, revocation and group
 * refresh rules are exactly those of `getIdentity()`.
 */
export async function nodeIdentity(req: IncomingMessage, res: ServerResponse): Promise<Identity | null> {
  // next-auth's (req, res, options) form reads only these two fields of the request; it may set a
  // refreshed session cookie on the response (sent with the response's headers).
  const session = await getServerSession({ headers: req.headers, cookies: parseCookies(req.headers.cookie) } as never, res as never, authOptions);
  return identityOf(session);
}

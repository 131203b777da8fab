import type { Session } from "next-auth";
import type { Identity } from "@/lib/k8s/identity";

/** The person a next-auth session names (null without one), however the session was read. */
export function identityOf(session: Session | null): Identity | null {
  const name = session?.user?.name;
  if (!name) return null;
  return { user: name, groups: session.user.groups ?? [] };
}

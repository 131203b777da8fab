import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { authOptions } from "./options";
import { identityOf } from "./session-identity";
import { can, namespacesWhere } from "@/lib/k8s/access";
import { cached } from "@/lib/k8s/informers";
import type { Identity } from "@/lib/k8s/identity";
import { requestStartedAt } from "@/lib/live/render-clock";

/** The signed-in person, once per request, or null. */
export const getIdentity = cache(async (): Promise<Identity | null> => {
  return identityOf(await getServerSession(authOptions));
});

/** A session cookie that no longer counts (lifetime over, signed out elsewhere, IdP said no). */
async function hadSessionCookie(): Promise<boolean> {
  try {
    const jar = await cookies();
    return jar.has("next-auth.session-token") || jar.has("__Secure-next-auth.session-token");
  } catch {
    return false; // outside a request (tests, scripts)
  }
}

/** First call of every page and server action: no session, no access. */
export async function requireSession(): Promise<Identity> {
  requestStartedAt(); // before any read: what the page shows is at least this fresh
  const id = await getIdentity();
  if (!id) redirect((await hadSessionCookie()) ? "/signin?error=SessionEnded" : "/signin");
  return id;
}

/** Storage admin means: the cluster lets this person create StorageClasses. */
export async function isStorageAdmin(id: Identity): Promise<boolean> {
  try {
    return await can(id, { verb: "create", resource: "storageclasses", group: "storage.k8s.io" });
  } catch {
    return false;
  }
}

export async function requireAdmin(): Promise<Identity> {
  const id = await requireSession();
  if (!(await isStorageAdmin(id))) redirect("/forbidden");
  return id;
}

/** Namespaces where the person may request volumes (create claims), as the cluster says. */
export async function workspaceNamespaces(id: Identity): Promise<string[]> {
  const all = (await cached("namespaces")).map((n) => n.metadata.name).sort();
  try {
    return await namespacesWhere(id, all, { verb: "create", resource: "persistentvolumeclaims" });
  } catch {
    return [];
  }
}

export type Role = "admin" | "developer";

/** Role gate for pages and actions; what counts is decided by access reviews, not by group names. */
export async function requireRole(role: Role): Promise<Identity> {
  if (role === "admin") return requireAdmin();
  const id = await requireSession();
  if ((await workspaceNamespaces(id)).length === 0) redirect("/forbidden");
  return id;
}

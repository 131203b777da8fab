import { describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import { identityFromClaims, oidcSettings } from "@/lib/auth/oidc";
import type { Identity } from "@/lib/k8s/identity";
import { get } from "./support";

// What the portal's own identity may do, and what an identity provider can make it do,
// asked of the real apiserver.

interface Attributes {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
}

/** `kubectl auth can-i` as the portal's service account (its kubeconfig, no impersonation). */
async function portalCan(a: Attributes): Promise<boolean> {
  const r = await request<{ status: { allowed: boolean } }>({
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { ...a, group: a.group ?? "" } } },
  });
  return r.status.allowed;
}

/** What the apiserver would allow a given user and groups. */
async function allowed(id: Identity, a: Attributes): Promise<boolean> {
  const r = await request<{ status: { allowed: boolean } }>({
    method: "POST",
    path: "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    body: { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: id.user, groups: id.groups, resourceAttributes: { ...a, group: a.group ?? "" } } },
  });
  return r.status.allowed;
}

const SENSITIVE: Attributes[] = [
  { verb: "delete", resource: "namespaces" },
  { verb: "list", resource: "secrets", namespace: "kube-system" },
  { verb: "create", resource: "storageclasses", group: "storage.k8s.io" },
  { verb: "create", resource: "persistentvolumes" },
  { verb: "create", resource: "persistentvolumeclaims", namespace: "team-a" },
  { verb: "create", resource: "clusterrolebindings", group: "rbac.authorization.k8s.io" },
  { verb: "impersonate", resource: "users" },
];

describe("the portal's service account", () => {
  it("cannot impersonate service accounts (can-i impersonate serviceaccounts: no)", async () => {
    expect(await portalCan({ verb: "impersonate", resource: "serviceaccounts" })).toBe(false);
    expect(await portalCan({ verb: "impersonate", resource: "serviceaccounts", namespace: "kube-system" })).toBe(false);
    expect(await portalCan({ verb: "impersonate", resource: "userextras", group: "authentication.k8s.io" })).toBe(false);
    expect(await portalCan({ verb: "impersonate", resource: "uids", group: "authentication.k8s.io" })).toBe(false);
  });
  it("may impersonate people (users and groups), which is how every write is made", async () => {
    expect(await portalCan({ verb: "impersonate", resource: "users" })).toBe(true);
    expect(await portalCan({ verb: "impersonate", resource: "groups" })).toBe(true);
  });
  it("has no write access of its own to storage", async () => {
    expect(await portalCan({ verb: "create", resource: "persistentvolumes" })).toBe(false);
    expect(await portalCan({ verb: "delete", resource: "persistentvolumeclaims", namespace: "team-a" })).toBe(false);
    expect(await portalCan({ verb: "list", resource: "secrets", namespace: "kube-system" })).toBe(false);
  });
});

describe("an identity provider cannot make the portal act as a privileged identity", () => {
  const base = { OIDC_ISSUER: "http://idp.test", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" };
  const defaults = oidcSettings(base)!;
  const noPrefix = oidcSettings({ ...base, OIDC_USERNAME_PREFIX: "-", OIDC_GROUPS_PREFIX: "-" })!;
  const nobody: Identity = { user: "oidc:nobody", groups: [] };

  it("the stake: system:masters is cluster-admin on this apiserver", async () => {
    expect(await allowed({ user: "anyone", groups: ["system:masters"] }, { verb: "delete", resource: "namespaces" })).toBe(true);
  });

  it("a user in group system:masters, or named system:admin, is refused at sign-in with either prefix setting", () => {
    for (const s of [defaults, noPrefix]) {
      expect(identityFromClaims({ sub: "eve", groups: ["system:masters"] }, s)).toEqual({ ok: false, reason: "reserved" });
      expect(identityFromClaims({ sub: "system:admin" }, s)).toEqual({ ok: false, reason: "reserved" });
      expect(identityFromClaims({ sub: "system:kube-controller-manager" }, s)).toEqual({ ok: false, reason: "reserved" });
      expect(identityFromClaims({ sub: "john " }, s)).toEqual({ ok: false, reason: "whitespace" });
      expect(identityFromClaims({ sub: "jo\u0007hn" }, s)).toEqual({ ok: false, reason: "characters" });
    }
  });

  it("and if such a name reached the request layer anyway, nothing is sent to the apiserver", async () => {
    for (const as of [
      { user: "oidc:eve", groups: ["system:masters"] },
      { user: "system:admin", groups: [] },
      { user: "system:kube-controller-manager", groups: [] },
      { user: "john ", groups: ["bindery:admins"] },
    ]) {
      // status 0: refused locally; an apiserver answer would carry its HTTP status.
      await expect(get("/api/v1/namespaces", as)).rejects.toMatchObject({ kind: "forbidden", status: 0 });
    }
  });

  it("with default prefixes, IdP groups that look privileged get no more than an unprivileged user", async () => {
    const mapped = identityFromClaims({ sub: "eve", groups: ["bindery:admins", "cluster-admins", "team-a"] }, defaults);
    expect(mapped).toEqual({ ok: true, name: "oidc:eve", groups: ["oidc:bindery:admins", "oidc:cluster-admins", "oidc:team-a"] });
    if (!mapped.ok) return;
    const eve: Identity = { user: mapped.name, groups: mapped.groups };
    for (const a of SENSITIVE) {
      expect({ ...a, allowed: await allowed(eve, a) }).toEqual({ ...a, allowed: await allowed(nobody, a) });
    }
    // And through impersonation for real: the apiserver refuses the read.
    await expect(get("/api/v1/namespaces/kube-system/secrets", eve)).rejects.toMatchObject({ kind: "forbidden", status: 403 });
  });

  it("a name the IdP pads with a space is not checked as one person and sent as another", async () => {
    // Go trims header values: "bob " would arrive as "bob". The portal refuses instead.
    await expect(get("/api/v1/namespaces/team-a/persistentvolumeclaims", { user: "bob ", groups: ["bindery:team-a "] })).rejects.toMatchObject({ status: 0 });
    expect(await get("/api/v1/namespaces/team-a/persistentvolumeclaims", { user: "bob", groups: ["bindery:team-a"] })).toBeTruthy();
  });
});

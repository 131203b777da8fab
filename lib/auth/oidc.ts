import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "./demo-users";
import { nameProblem, type RefusalReason } from "./names";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  usernameClaim: string;
  usernamePrefix: string;
  groupsPrefix: string;
  /** Add offline_access when the IdP should issue refresh tokens for the group re-check. */
  scopes: string;
  /** Final (prefixed) group names the portal may send; undefined means every group. */
  groupsAllowed: Set<string> | undefined;
}

/**
 * Like the apiserver's --oidc-username-prefix / --oidc-groups-prefix: unset means the safe
 * default `oidc:`, "-" means no prefix (only when the cluster maps OIDC names the same way).
 */
function prefix(v: string | undefined): string {
  if (v === undefined) return "oidc:";
  return v === "-" ? "" : v;
}

function list(v: string | undefined): Set<string> | undefined {
  const items = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? new Set(items) : undefined;
}

export function oidcSettings(env: Env = process.env): OidcSettings | undefined {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: env.OIDC_ISSUER.replace(/\/$/, ""),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    groupsClaim: env.OIDC_GROUPS_CLAIM || "groups",
    // `sub` is stable and unique per issuer; preferred_username is neither.
    usernameClaim: env.OIDC_USERNAME_CLAIM || "sub",
    usernamePrefix: prefix(env.OIDC_USERNAME_PREFIX),
    groupsPrefix: prefix(env.OIDC_GROUPS_PREFIX),
    groupsAllowed: list(env.OIDC_GROUPS_ALLOWED),
    scopes: env.OIDC_SCOPES?.trim() || "openid profile email groups",
  };
}

type Profile = Record<string, unknown>;

export type MappedIdentity = { ok: true; name: string; groups: string[] } | { ok: false; reason: RefusalReason };

/** A raw IdP value and the prefixed name both pass, or the first problem found. */
function check(raw: string, prefixed: string): RefusalReason | undefined {
  return nameProblem(raw) ?? nameProblem(prefixed);
}

/**
 * The Kubernetes user name and groups for ID token (or userinfo) claims, or why the person is
 * refused. Groups outside the allow-list are dropped; a refused name refuses the whole sign-in,
 * because dropping it silently would hide an IdP that hands out reserved or ambiguous names.
 */
export function identityFromClaims(profile: Profile, s: OidcSettings): MappedIdentity {
  const raw = profile[s.usernameClaim];
  if (typeof raw !== "string" && typeof raw !== "number") return { ok: false, reason: "no-name" };
  const user = String(raw);
  const name = `${s.usernamePrefix}${user}`;
  const userProblem = check(user, name);
  if (userProblem) return { ok: false, reason: userProblem };
  const groupsRaw = profile[s.groupsClaim];
  const rawGroups = Array.isArray(groupsRaw)
    ? groupsRaw.filter((g): g is string => typeof g === "string")
    : typeof groupsRaw === "string"
      ? [groupsRaw]
      : [];
  const groups: string[] = [];
  for (const g of rawGroups) {
    const prefixed = `${s.groupsPrefix}${g}`;
    if (s.groupsAllowed && !s.groupsAllowed.has(prefixed)) continue;
    const problem = check(g, prefixed);
    if (problem) return { ok: false, reason: problem };
    if (!groups.includes(prefixed)) groups.push(prefixed);
  }
  return { ok: true, name, groups };
}

export function oidcProvider(s: OidcSettings): OAuthConfig<Profile> {
  return {
    id: "oidc",
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${s.issuer}/.well-known/openid-configuration`,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    authorization: { params: { scope: s.scopes } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      // Never throw here (that becomes an error page); the signIn callback refuses with a reason.
      const id = identityFromClaims(profile, s);
      return id.ok ? { id: String(profile.sub), name: id.name, groups: id.groups } : { id: String(profile.sub), name: "", groups: [], refused: id.reason };
    },
  };
}

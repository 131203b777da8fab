import type { OAuthConfig } from "next-auth/providers/oauth";
import type { Env } from "./demo-users";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  usernameClaim: string;
  usernamePrefix: string;
}

export function oidcSettings(env: Env = process.env): OidcSettings | undefined {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: env.OIDC_ISSUER.replace(/\/$/, ""),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    groupsClaim: env.OIDC_GROUPS_CLAIM || "groups",
    usernameClaim: env.OIDC_USERNAME_CLAIM || "preferred_username",
    usernamePrefix: env.OIDC_USERNAME_PREFIX ?? "",
  };
}

type Profile = Record<string, unknown>;

/** Reads the Kubernetes user name and groups out of ID token claims. */
export function identityFromClaims(profile: Profile, s: OidcSettings): { name: string; groups: string[] } {
  const raw = profile[s.usernameClaim] ?? profile.sub;
  const groupsRaw = profile[s.groupsClaim];
  const groups = Array.isArray(groupsRaw)
    ? groupsRaw.filter((g): g is string => typeof g === "string")
    : typeof groupsRaw === "string"
      ? [groupsRaw]
      : [];
  return { name: `${s.usernamePrefix}${String(raw)}`, groups };
}

export function oidcProvider(s: OidcSettings): OAuthConfig<Profile> {
  return {
    id: "oidc",
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${s.issuer}/.well-known/openid-configuration`,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    authorization: { params: { scope: "openid profile email groups" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      const id = identityFromClaims(profile, s);
      return { id: String(profile.sub), name: id.name, groups: id.groups };
    },
  };
}

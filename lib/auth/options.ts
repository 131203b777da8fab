import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { demoUsersEnabled, findDemoUser } from "./demo-users";
import { oidcProvider, oidcSettings } from "./oidc";
import { isRefusalReason } from "./names";
import { RevokedSessions, judgeSession, sessionSettings } from "./session-policy";
import { fetchCurrentIdentity, forgetRefresh, latestRefresh, refreshOnce } from "./idp-refresh";

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [];
  const oidc = oidcSettings();
  if (oidc) list.push(oidcProvider(oidc));
  if (demoUsersEnabled()) {
    list.push(
      CredentialsProvider({
        id: "demo",
        name: "Demo user",
        credentials: { username: { label: "User", type: "text" }, password: { label: "Password", type: "password" } },
        authorize(credentials) {
          const u = findDemoUser(credentials?.username ?? "", credentials?.password ?? "");
          return u ? { id: u.username, name: u.username, groups: u.groups } : null;
        },
      }),
    );
  }
  return list;
}

/** Thrown from the jwt callback: next-auth then clears the cookie and the person is signed out. */
class SessionEnded extends Error {
  constructor(readonly why: string) {
    super(`session ended: ${why}`);
  }
}

const revokedKey = Symbol.for("bindery.revoked-sessions");
function revoked(): RevokedSessions {
  const g = globalThis as { [revokedKey]?: RevokedSessions };
  g[revokedKey] ??= new RevokedSessions();
  return g[revokedKey];
}

const settings = sessionSettings();

async function checked(token: JWT): Promise<JWT> {
  const now = Date.now();
  const verdict = judgeSession(token, now, settings, (sid) => revoked().has(sid, now));
  if (verdict === "ok" || verdict === "refresh") {
    // A refresh done by an earlier request (maybe one that could not rewrite the cookie).
    const known = latestRefresh(String(token.sid), now);
    if (known && known.checkedAt > (token.groupsCheckedAt ?? 0)) {
      // Includes rotated IdP tokens: the cookie may still hold a spent refresh token.
      token.groups = known.groups;
      token.groupsCheckedAt = known.checkedAt;
      token.accessToken = known.accessToken;
      token.refreshToken = known.refreshToken;
      token.accessExpiresAt = known.accessExpiresAt;
    }
  }
  const again = verdict === "refresh" ? judgeSession(token, now, settings, () => false) : verdict;
  if (again === "ok") return token;
  if (again !== "refresh") throw new SessionEnded(again);
  const oidc = oidcSettings();
  if (!oidc) throw new SessionEnded("no identity provider to re-check groups");
  const sid = String(token.sid);
  const ends = Number(token.signedInAt) + settings.maxAgeSeconds * 1000;
  const r = await refreshOnce(sid, ends, () =>
    fetchCurrentIdentity(oidc, String(token.name), {
      accessToken: token.accessToken,
      refreshToken: token.refreshToken,
      accessExpiresAt: token.accessExpiresAt,
    }),
  );
  if (!r.ok) {
    revoked().revoke(sid, ends);
    throw new SessionEnded(r.reason);
  }
  const { groups, checkedAt, accessToken, refreshToken, accessExpiresAt } = r.value;
  return { ...token, groups, groupsCheckedAt: checkedAt, accessToken, refreshToken, accessExpiresAt };
}

export const authOptions: NextAuthOptions = {
  // The cookie never outlives the absolute lifetime; judgeSession enforces it from sign-in.
  session: { strategy: "jwt", maxAge: settings.maxAgeSeconds },
  pages: { signIn: "/signin", error: "/signin" },
  providers: providers(),
  logger: {
    error(code, meta) {
      if (meta instanceof SessionEnded || (meta as { error?: unknown })?.error instanceof SessionEnded) return;
      console.error(`[next-auth][error][${code}]`, meta);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
  callbacks: {
    signIn({ user }) {
      // Refused identities never get a session; the sign-in page says why.
      const refused = (user as { refused?: string }).refused;
      if (refused) return `/signin?error=IdentityRefused&reason=${isRefusalReason(refused) ? refused : "characters"}`;
      return true;
    },
    async jwt({ token, user, account }) {
      if (user) {
        const now = Date.now();
        return {
          name: user.name ?? "",
          groups: (user as { groups?: string[] }).groups ?? [],
          sid: randomUUID(),
          signedInAt: now,
          groupsCheckedAt: now,
          provider: account?.provider === "oidc" ? "oidc" : "demo",
          accessToken: account?.access_token,
          refreshToken: account?.refresh_token,
          accessExpiresAt: account?.expires_at ? account.expires_at * 1000 : undefined,
        };
      }
      return checked(token);
    },
    session({ session, token }) {
      session.user = { name: token.name ?? "", groups: Array.isArray(token.groups) ? (token.groups as string[]) : [] };
      return session;
    },
  },
  events: {
    signOut({ token }) {
      // A copied cookie stops working too, not just this browser's.
      if (typeof token?.sid === "string") {
        revoked().revoke(token.sid, (token.signedInAt ?? 0) + settings.maxAgeSeconds * 1000);
        forgetRefresh(token.sid);
      }
    },
  },
};

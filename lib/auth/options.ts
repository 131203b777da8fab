import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { demoUsersEnabled, findDemoUser } from "./demo-users";
import { oidcProvider, oidcSettings } from "./oidc";

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

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: providers(),
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.name = user.name ?? token.name;
        token.groups = (user as { groups?: string[] }).groups ?? [];
      }
      return token;
    },
    session({ session, token }) {
      session.user = { name: token.name ?? "", groups: Array.isArray(token.groups) ? (token.groups as string[]) : [] };
      return session;
    },
  },
};

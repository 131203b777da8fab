import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { name: string; groups: string[] };
  }
}

/** What the encrypted session token carries (see lib/auth/options.ts). */
declare module "next-auth/jwt" {
  interface JWT {
    groups?: string[];
    sid?: string;
    signedInAt?: number;
    groupsCheckedAt?: number;
    provider?: "oidc" | "demo";
    accessToken?: string;
    refreshToken?: string;
    accessExpiresAt?: number;
  }
}

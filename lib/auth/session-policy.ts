import type { Env } from "./demo-users";

/**
 * Pure session rules: an absolute lifetime counted from sign-in (activity never extends it),
 * a group re-check against the IdP at most every `refreshSeconds`, and sign-out revocation.
 */
export interface SessionSettings {
  maxAgeSeconds: number;
  refreshSeconds: number;
}

export const DEFAULT_MAX_AGE_SECONDS = 8 * 60 * 60;
export const DEFAULT_REFRESH_SECONDS = 15 * 60;

function seconds(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function sessionSettings(env: Env = process.env): SessionSettings {
  return {
    maxAgeSeconds: seconds(env.BINDERY_SESSION_MAX_AGE, DEFAULT_MAX_AGE_SECONDS),
    refreshSeconds: seconds(env.BINDERY_GROUP_REFRESH_SECONDS, DEFAULT_REFRESH_SECONDS),
  };
}

/** What the portal keeps in the (encrypted) session token besides name and groups. */
export interface SessionFacts {
  sid?: unknown;
  signedInAt?: unknown;
  groupsCheckedAt?: unknown;
  provider?: unknown;
}

export type SessionVerdict = "ok" | "refresh" | "expired" | "revoked" | "invalid";

export function judgeSession(t: SessionFacts, now: number, s: SessionSettings, revoked: (sid: string) => boolean): SessionVerdict {
  // Tokens from before this rule (or forged without our fields) carry no start time: not valid.
  if (typeof t.sid !== "string" || typeof t.signedInAt !== "number") return "invalid";
  if (now >= t.signedInAt + s.maxAgeSeconds * 1000) return "expired";
  if (revoked(t.sid)) return "revoked";
  if (t.provider !== "oidc") return "ok"; // demo users' groups come from code, nothing to re-check
  const checked = typeof t.groupsCheckedAt === "number" ? t.groupsCheckedAt : t.signedInAt;
  return now >= checked + s.refreshSeconds * 1000 ? "refresh" : "ok";
}

/**
 * Sessions ended by sign-out, until they would have expired anyway. In-process: the portal runs
 * as one server; a restart forgets revocations (documented in SECURITY.md).
 */
export class RevokedSessions {
  private readonly until = new Map<string, number>();
  revoke(sid: string, until: number, now = Date.now()): void {
    this.sweep(now);
    this.until.set(sid, until);
  }
  has(sid: string, now = Date.now()): boolean {
    const u = this.until.get(sid);
    return u !== undefined && u > now;
  }
  get size(): number {
    return this.until.size;
  }
  private sweep(now: number): void {
    for (const [sid, u] of this.until) if (u <= now) this.until.delete(sid);
  }
}

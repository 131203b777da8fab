import "server-only";
import { identityFromClaims, type OidcSettings } from "./oidc";
import type { RefusalReason } from "./names";

/**
 * Re-reads a person's groups from the identity provider: the refresh token (when the IdP gave
 * one) buys a fresh access token and ID token, then userinfo answers with current claims.
 * Results are kept in memory per session, because pages read the session in server
 * components, which cannot rewrite the cookie: without this, every page after the interval
 * would ask the IdP again.
 */
export interface IdpTokens {
  accessToken?: string;
  refreshToken?: string;
  /** ms since epoch */
  accessExpiresAt?: number;
}

export interface Refreshed extends IdpTokens {
  groups: string[];
  checkedAt: number;
}

export type RefreshOutcome = { ok: true; value: Refreshed } | { ok: false; reason: RefusalReason };

interface Discovery {
  token_endpoint?: string;
  userinfo_endpoint?: string;
}

const discoveries = new Map<string, Promise<Discovery>>();
function discover(issuer: string): Promise<Discovery> {
  let p = discoveries.get(issuer);
  if (!p) {
    p = fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) }).then((r) => {
      if (!r.ok) throw new Error(`discovery answered ${r.status}`);
      return r.json() as Promise<Discovery>;
    });
    p.catch(() => discoveries.delete(issuer));
    discoveries.set(issuer, p);
  }
  return p;
}

/** Claims of an ID token received directly from the token endpoint over TLS (OIDC core 3.1.3.7). */
function idTokenClaims(idToken: unknown): Record<string, unknown> {
  if (typeof idToken !== "string") return {};
  try {
    return JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function refreshGrant(s: OidcSettings, d: Discovery, refreshToken: string) {
  if (!d.token_endpoint) throw new Error("the IdP has no token endpoint");
  const res = await fetch(d.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${encodeURIComponent(s.clientId)}:${encodeURIComponent(s.clientSecret)}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`refresh answered ${res.status}`);
  return (await res.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; id_token?: string };
}

export async function fetchCurrentIdentity(s: OidcSettings, name: string, t: IdpTokens, now = Date.now()): Promise<RefreshOutcome> {
  try {
    const d = await discover(s.issuer);
    let claims: Record<string, unknown> = {};
    const tokens: IdpTokens = { ...t };
    const accessUsable = tokens.accessToken && (!tokens.accessExpiresAt || tokens.accessExpiresAt > now + 5_000);
    if (tokens.refreshToken && (!accessUsable || !d.userinfo_endpoint)) {
      const r = await refreshGrant(s, d, tokens.refreshToken);
      tokens.accessToken = r.access_token;
      tokens.refreshToken = r.refresh_token ?? tokens.refreshToken;
      tokens.accessExpiresAt = r.expires_in ? now + r.expires_in * 1000 : undefined;
      claims = idTokenClaims(r.id_token);
    } else if (!accessUsable) {
      return { ok: false, reason: "refresh-failed" };
    }
    if (d.userinfo_endpoint && tokens.accessToken) {
      const res = await fetch(d.userinfo_endpoint, { headers: { Authorization: `Bearer ${tokens.accessToken}` }, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return { ok: false, reason: "refresh-failed" };
      claims = { ...claims, ...((await res.json()) as Record<string, unknown>) };
    }
    const id = identityFromClaims(claims, s);
    if (!id.ok) return id;
    // The session belongs to one person: a different name from the IdP ends it.
    if (id.name !== name) return { ok: false, reason: "refresh-failed" };
    return { ok: true, value: { ...tokens, groups: id.groups, checkedAt: now } };
  } catch (e) {
    console.error("[bindery] group refresh failed:", e instanceof Error ? e.message : e);
    return { ok: false, reason: "refresh-failed" };
  }
}

/**
 * Latest refresh per session id; newer than the cookie when pages could not rewrite it. On
 * globalThis because Next bundles route handlers and pages separately, each with its own modules.
 */
const stateKey = Symbol.for("bindery.idp-refresh");
type State = { latest: Map<string, Refreshed & { until: number }>; inflight: Map<string, Promise<RefreshOutcome>> };
const holder = globalThis as { [stateKey]?: State };
holder[stateKey] ??= { latest: new Map(), inflight: new Map() };
const { latest, inflight } = holder[stateKey];

export function latestRefresh(sid: string, now = Date.now()): Refreshed | undefined {
  const v = latest.get(sid);
  if (v && v.until <= now) latest.delete(sid);
  return v && v.until > now ? v : undefined;
}

/** One IdP round trip per session at a time; the answer is remembered until the session's end. */
export function refreshOnce(sid: string, sessionEnds: number, run: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
  let p = inflight.get(sid);
  if (!p) {
    p = run().then((r) => {
      if (r.ok) {
        for (const [k, v] of latest) if (v.until <= Date.now()) latest.delete(k);
        latest.set(sid, { ...r.value, until: sessionEnds });
      }
      else latest.delete(sid);
      return r;
    });
    p.finally(() => inflight.delete(sid)).catch(() => undefined);
    inflight.set(sid, p);
  }
  return p;
}

export function forgetRefresh(sid: string): void {
  latest.delete(sid);
}

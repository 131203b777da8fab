import { describe, expect, it } from "vitest";
import { RevokedSessions, judgeSession, sessionSettings } from "./session-policy";

const s = { maxAgeSeconds: 8 * 3600, refreshSeconds: 15 * 60 };
const never = () => false;
const t0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const min = 60_000;

describe("session lifetime", () => {
  it("defaults to 8 hours and a 15 minute group re-check, configurable in seconds", () => {
    expect(sessionSettings({})).toEqual({ maxAgeSeconds: 28_800, refreshSeconds: 900 });
    expect(sessionSettings({ BINDERY_SESSION_MAX_AGE: "60", BINDERY_GROUP_REFRESH_SECONDS: "5" })).toEqual({ maxAgeSeconds: 60, refreshSeconds: 5 });
    expect(sessionSettings({ BINDERY_SESSION_MAX_AGE: "-1", BINDERY_GROUP_REFRESH_SECONDS: "soon" })).toEqual({ maxAgeSeconds: 28_800, refreshSeconds: 900 });
  });

  it("ends 8 hours after sign-in even when used and re-checked every minute", () => {
    let token = { sid: "a", signedInAt: t0, groupsCheckedAt: t0, provider: "oidc" };
    let now = t0;
    const verdicts = new Set<string>();
    while (now < t0 + 8 * 3600_000) {
      const v = judgeSession(token, now, s, never);
      verdicts.add(v);
      if (v === "refresh") token = { ...token, groupsCheckedAt: now }; // the IdP confirmed the groups
      now += min;
    }
    expect(verdicts).toEqual(new Set(["ok", "refresh"]));
    expect(judgeSession(token, t0 + 8 * 3600_000, s, never)).toBe("expired");
    expect(judgeSession({ ...token, groupsCheckedAt: t0 + 8 * 3600_000 }, t0 + 9 * 3600_000, s, never)).toBe("expired");
  });

  it("asks the IdP again at most every refresh interval, and never for demo users", () => {
    const oidc = { sid: "a", signedInAt: t0, groupsCheckedAt: t0, provider: "oidc" };
    expect(judgeSession(oidc, t0 + 14 * min, s, never)).toBe("ok");
    expect(judgeSession(oidc, t0 + 15 * min, s, never)).toBe("refresh");
    expect(judgeSession({ ...oidc, provider: "demo" }, t0 + 7 * 3600_000, s, never)).toBe("ok");
  });

  it("treats tokens without a sign-in time (older or forged) as invalid", () => {
    expect(judgeSession({ name: "x" } as never, t0, s, never)).toBe("invalid");
    expect(judgeSession({ sid: "a", signedInAt: "yesterday" }, t0, s, never)).toBe("invalid");
  });

  it("refuses a signed-out session until it would have expired anyway", () => {
    const r = new RevokedSessions();
    r.revoke("a", t0 + 8 * 3600_000, t0);
    const token = { sid: "a", signedInAt: t0, provider: "demo" };
    expect(judgeSession(token, t0 + min, s, (sid) => r.has(sid, t0 + min))).toBe("revoked");
    expect(judgeSession({ ...token, sid: "b" }, t0 + min, s, (sid) => r.has(sid, t0 + min))).toBe("ok");
    r.revoke("c", t0 + 9 * 3600_000, t0 + 8 * 3600_000 + 1); // sweeps the expired one
    expect(r.size).toBe(1);
  });
});

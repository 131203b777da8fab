import { describe, expect, it } from "vitest";
import { identityFromClaims, oidcSettings } from "./oidc";
import { findDemoUser } from "./demo-users";
import { nameProblem } from "./names";
import { secretProblem } from "./secret";

const base = { OIDC_ISSUER: "http://127.0.0.1:1/", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" };

describe("OIDC claims", () => {
  const s = oidcSettings({ ...base, OIDC_USERNAME_CLAIM: "preferred_username", OIDC_GROUPS_PREFIX: "-" })!;
  it("reads user and groups from the configured claims", () => {
    expect(identityFromClaims({ sub: "1", preferred_username: "carol", groups: ["bindery:developers", 7] }, s)).toEqual({
      ok: true,
      name: "oidc:carol",
      groups: ["bindery:developers"],
    });
  });
  it("is off unless issuer, client id and secret are all set", () => {
    expect(oidcSettings({ OIDC_ISSUER: "x" })).toBeUndefined();
    expect(s.issuer).toBe("http://127.0.0.1:1");
  });
});

describe("identity mapping defaults", () => {
  const s = oidcSettings(base)!;
  it("uses the stable sub claim and the oidc: prefix for users and groups", () => {
    expect(identityFromClaims({ sub: "u-123", preferred_username: "admin", groups: ["dev"] }, s)).toEqual({ ok: true, name: "oidc:u-123", groups: ["oidc:dev"] });
  });
  it("refuses a token without the username claim instead of inventing a name", () => {
    expect(identityFromClaims({ preferred_username: "carol" }, s)).toEqual({ ok: false, reason: "no-name" });
  });
  it("mirrors the apiserver's prefixes, '-' meaning none", () => {
    const p = oidcSettings({ ...base, OIDC_USERNAME_PREFIX: "corp#", OIDC_GROUPS_PREFIX: "-" })!;
    expect(identityFromClaims({ sub: "u", groups: ["g"] }, p)).toEqual({ ok: true, name: "corp#u", groups: ["g"] });
  });
});

describe("identity mapping cannot escalate", () => {
  const noPrefix = oidcSettings({ ...base, OIDC_USERNAME_PREFIX: "-", OIDC_GROUPS_PREFIX: "-" })!;
  const prefixed = oidcSettings(base)!;
  const cases: [string, Record<string, unknown>, string][] = [
    ["group system:masters", { sub: "eve", groups: ["system:masters"] }, "reserved"],
    ["group System:Masters in another case", { sub: "eve", groups: ["System:Masters"] }, "reserved"],
    ["user system:admin", { sub: "system:admin" }, "reserved"],
    ["user system:kube-controller-manager", { sub: "system:kube-controller-manager" }, "reserved"],
    ["a trailing space", { sub: "john " }, "whitespace"],
    ["a leading tab", { sub: "\tjohn" }, "whitespace"],
    ["a NUL byte", { sub: "jo\u0000hn" }, "characters"],
    ["a newline in a group", { sub: "john", groups: ["dev\nsystem:masters"] }, "characters"],
    ["a zero-width space", { sub: "john\u200b" }, "characters"],
    ["a right-to-left override", { sub: "\u202enhoj" }, "characters"],
  ];
  for (const [what, claims, reason] of cases) {
    it(`refuses ${what} with or without prefixes`, () => {
      expect(identityFromClaims(claims, noPrefix)).toEqual({ ok: false, reason });
      expect(identityFromClaims(claims, prefixed)).toEqual({ ok: false, reason });
    });
  }
  it("a prefix that itself lands in system: refuses everyone", () => {
    const bad = oidcSettings({ ...base, OIDC_USERNAME_PREFIX: "system:" })!;
    expect(identityFromClaims({ sub: "john" }, bad)).toEqual({ ok: false, reason: "reserved" });
  });
  it("drops groups outside the allow-list (prefixed names, as RBAC sees them) before checking", () => {
    const allow = oidcSettings({ ...base, OIDC_GROUPS_ALLOWED: "oidc:team-a, oidc:team-b" })!;
    expect(identityFromClaims({ sub: "bob", groups: ["team-a", "finance", "system:masters", "team-a"] }, allow)).toEqual({ ok: true, name: "oidc:bob", groups: ["oidc:team-a"] });
  });
});

describe("nameProblem", () => {
  it("accepts ordinary Kubernetes names", () => {
    for (const n of ["john", "oidc:carol", "bindery:team-a", "oidc:Jane Doe", "x@example.com"]) expect(nameProblem(n)).toBeUndefined();
  });
  it("refuses empty and overlong names", () => {
    expect(nameProblem("")).toBe("empty");
    expect(nameProblem("a".repeat(254))).toBe("too-long");
  });
});

describe("demo users", () => {
  it("exist only when explicitly enabled", () => {
    expect(findDemoUser("john", "demo", {})).toBeUndefined();
    expect(findDemoUser("john", "demo", { BINDERY_DEMO_USERS: "1" })?.groups).toEqual(["bindery:admins"]);
    expect(findDemoUser("john", "wrong", { BINDERY_DEMO_USERS: "1" })).toBeUndefined();
    expect(findDemoUser("john", "demo-and-more", { BINDERY_DEMO_USERS: "1" })).toBeUndefined();
  });
});

describe("session secret", () => {
  it("refuses missing, short and placeholder secrets outside demo mode", () => {
    expect(secretProblem({})).toMatch(/not set/);
    expect(secretProblem({ NEXTAUTH_SECRET: "dev" })).toMatch(/shorter than 32 bytes/);
    expect(secretProblem({ NEXTAUTH_SECRET: "change-me-to-32-random-bytes" })).toMatch(/shorter/);
    expect(secretProblem({ NEXTAUTH_SECRET: "please-change-me-to-a-long-random-value-0123" })).toMatch(/placeholder/);
    expect(secretProblem({ NEXTAUTH_SECRET: "x".repeat(40) })).toMatch(/placeholder/);
  });
  it("accepts a random 32-byte secret, and anything in demo mode", () => {
    expect(secretProblem({ NEXTAUTH_SECRET: "q3J9c1vN0yX8rT2mK7pL4wZ6bH5sD1fG" })).toBeUndefined();
    expect(secretProblem({ NEXTAUTH_SECRET: "dev", BINDERY_DEMO_USERS: "1" })).toBeUndefined();
  });
  it("accepts the e2e configuration's secret", () => {
    expect(secretProblem({ NEXTAUTH_SECRET: "e2e-secret-not-for-production-0123456789" })).toBeUndefined();
  });
});

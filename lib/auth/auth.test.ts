import { describe, expect, it } from "vitest";
import { identityFromClaims, oidcSettings } from "./oidc";
import { findDemoUser } from "./demo-users";

describe("OIDC claims", () => {
  const s = oidcSettings({ OIDC_ISSUER: "http://127.0.0.1:1/", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s", OIDC_USERNAME_PREFIX: "oidc:" })!;
  it("reads user and groups from the configured claims", () => {
    expect(identityFromClaims({ sub: "1", preferred_username: "carol", groups: ["bindery:developers", 7] }, s)).toEqual({
      name: "oidc:carol",
      groups: ["bindery:developers"],
    });
  });
  it("is off unless issuer, client id and secret are all set", () => {
    expect(oidcSettings({ OIDC_ISSUER: "x" })).toBeUndefined();
    expect(s.issuer).toBe("http://127.0.0.1:1");
  });
});

describe("demo users", () => {
  it("exist only when explicitly enabled", () => {
    expect(findDemoUser("john", "demo", {})).toBeUndefined();
    expect(findDemoUser("john", "demo", { BINDERY_DEMO_USERS: "1" })?.groups).toEqual(["bindery:admins"]);
    expect(findDemoUser("john", "wrong", { BINDERY_DEMO_USERS: "1" })).toBeUndefined();
  });
});

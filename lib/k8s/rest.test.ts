import { describe, expect, it } from "vitest";
import { impersonationHeaders } from "./rest";

describe("impersonationHeaders", () => {
  it("sends one Impersonate-Group header per group, never a comma-joined value", () => {
    const raw = impersonationHeaders({ user: "bob", groups: ["bindery:developers", "bindery:team-a"] });
    expect(raw).toEqual(["Impersonate-User", "bob", "Impersonate-Group", "bindery:developers", "Impersonate-Group", "bindery:team-a"]);
    expect(raw.some((v) => v.includes(","))).toBe(false);
  });

  it("adds nothing for the portal's own identity", () => {
    expect(impersonationHeaders(undefined)).toEqual([]);
  });
});

describe("impersonationHeaders refuses names that would not arrive unchanged", () => {
  const bad: [string, { user: string; groups: string[] }][] = [
    ["a reserved user", { user: "system:admin", groups: [] }],
    ["a reserved group", { user: "bob", groups: ["system:masters"] }],
    ["a trailing space (Go trims header values)", { user: "oidc:john ", groups: [] }],
    ["a control character", { user: "oidc:jo\u0000hn", groups: [] }],
    ["a header-splitting newline", { user: "bob", groups: ["a\r\nImpersonate-Group: system:masters"] }],
    ["non-ASCII (sent as Latin-1 bytes, checked as UTF-8)", { user: "oidc:jos\u00e9", groups: [] }],
    ["an invisible character", { user: "oidc:bob\u200b", groups: [] }],
  ];
  it.each(bad)("%s", (_what, id) => {
    expect(() => impersonationHeaders(id)).toThrow(/cannot be passed to the cluster unchanged/);
  });
});

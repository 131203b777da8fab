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

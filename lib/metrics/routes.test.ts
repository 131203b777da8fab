import { describe, expect, it } from "vitest";
import { routeMatcher } from "./routes";

describe("routeMatcher", () => {
  const match = routeMatcher({
    staticRoutes: [
      { page: "/", regex: "^/(?:/)?$" },
      { page: "/api/metrics", regex: "^/api/metrics(?:/)?$" },
    ],
    dynamicRoutes: [{ page: "/claims/[namespace]/[name]", regex: "^/claims/([^/]+?)/([^/]+?)(?:/)?$" }],
  });

  it("labels requests by route pattern, never by object name", () => {
    expect(match("/")).toBe("/");
    expect(match("/api/metrics/")).toBe("/api/metrics");
    expect(match("/claims/team-a/db")).toBe("/claims/[namespace]/[name]");
    expect(match("/_next/static/chunks/x.js")).toBe("/_next");
    expect(match("/no/such/page")).toBe("other");
  });

  it("works without a manifest", () => {
    expect(routeMatcher(undefined)("/anything")).toBe("other");
  });
});

import { describe, expect, it } from "vitest";
import { usageConfig } from "./config";

describe("usageConfig", () => {
  it("defaults to the Summary API, 30 s refresh, 7-day window", () => {
    expect(usageConfig({})).toEqual({ kind: "summary", refreshMs: 30_000, windowMs: 7 * 86_400_000, windowRefreshMs: 600_000 });
  });
  it("uses Prometheus when PROMETHEUS_URL is set, without a trailing slash", () => {
    expect(usageConfig({ PROMETHEUS_URL: "http://prom:9090/" })).toMatchObject({ kind: "prometheus", prometheusUrl: "http://prom:9090" });
  });
  it("lets BINDERY_USAGE_SOURCE choose", () => {
    expect(usageConfig({ PROMETHEUS_URL: "http://p:9090", BINDERY_USAGE_SOURCE: "summary" }).kind).toBe("summary");
    expect(usageConfig({ BINDERY_USAGE_SOURCE: "none" }).kind).toBe("none");
  });
  it("reads refresh and window, ignoring nonsense", () => {
    expect(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "2", BINDERY_USAGE_WINDOW_DAYS: "0.5" })).toMatchObject({ refreshMs: 2000, windowMs: 43_200_000 });
    expect(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "-1", BINDERY_USAGE_WINDOW_DAYS: "x" })).toMatchObject({ refreshMs: 30_000, windowMs: 604_800_000 });
  });
  it("re-reads the window's aggregates every 10 minutes by default, never more often than it refreshes", () => {
    expect(usageConfig({ BINDERY_USAGE_WINDOW_REFRESH_MINUTES: "1" }).windowRefreshMs).toBe(60_000);
    expect(usageConfig({ BINDERY_USAGE_WINDOW_REFRESH_MINUTES: "1", BINDERY_USAGE_REFRESH_SECONDS: "120" }).windowRefreshMs).toBe(120_000);
    expect(usageConfig({ BINDERY_USAGE_WINDOW_REFRESH_MINUTES: "0" }).windowRefreshMs).toBe(600_000);
  });
  it("falls back to none with a reason when the configuration is wrong", () => {
    expect(usageConfig({ BINDERY_USAGE_SOURCE: "prometheus" })).toMatchObject({ kind: "none", problem: expect.stringContaining("PROMETHEUS_URL") });
    expect(usageConfig({ PROMETHEUS_URL: "prom:9090" })).toMatchObject({ kind: "none", problem: expect.stringContaining("http") });
    expect(usageConfig({ BINDERY_USAGE_SOURCE: "graphite" })).toMatchObject({ kind: "none", problem: expect.stringContaining("graphite") });
  });
});

// Which usage source the process uses and how often it refreshes, from the environment. Pure.
import type { UsageSourceKind } from "./types";

export interface UsageConfig {
  kind: UsageSourceKind;
  /** Base URL of Prometheus' HTTP API (no trailing slash); set for kind "prometheus". */
  prometheusUrl?: string;
  /** How long a snapshot is served before a background refresh starts. */
  refreshMs: number;
  /** Window of max_over_time (Prometheus) behind "over-sized" / "empty for N days" advice. */
  windowMs: number;
  /**
   * How often the window's aggregates (maximum, first sample) are asked of Prometheus again; in
   * between, each refresh extends them with the current figures. They cost Prometheus nearly all
   * of a refresh's work and move slowly, so re-reading them every refresh only burns its CPU.
   */
  windowRefreshMs: number;
  /** Set when the configuration is wrong; the source is then "none" and the status page says why. */
  problem?: string;
}

const DAY = 86_400_000;

function positive(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== "" && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function usageConfig(env: Record<string, string | undefined>): UsageConfig {
  const refreshMs = positive(env.BINDERY_USAGE_REFRESH_SECONDS, 30) * 1000;
  const windowMs = positive(env.BINDERY_USAGE_WINDOW_DAYS, 7) * DAY;
  const windowRefreshMs = Math.max(refreshMs, positive(env.BINDERY_USAGE_WINDOW_REFRESH_MINUTES, 10) * 60_000);
  const url = env.PROMETHEUS_URL?.trim().replace(/\/+$/, "") || undefined;
  const asked = env.BINDERY_USAGE_SOURCE?.trim().toLowerCase() || (url ? "prometheus" : "summary");
  const base = { refreshMs, windowMs, windowRefreshMs };
  if (asked === "none") return { kind: "none", ...base };
  if (asked === "summary") return { kind: "summary", ...base };
  if (asked === "prometheus") {
    if (!url) return { kind: "none", ...base, problem: "BINDERY_USAGE_SOURCE=prometheus but PROMETHEUS_URL is not set" };
    if (!/^https?:\/\/[^/]/.test(url)) return { kind: "none", ...base, problem: `PROMETHEUS_URL is not an http(s) URL: ${url}` };
    return { kind: "prometheus", prometheusUrl: url, ...base };
  }
  return { kind: "none", ...base, problem: `BINDERY_USAGE_SOURCE must be summary, prometheus or none (got "${asked}")` };
}

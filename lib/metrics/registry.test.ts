import { describe, expect, it } from "vitest";
import { Registry, formatLabels } from "./registry";

describe("metrics registry", () => {
  it("renders counters with sorted, escaped labels", () => {
    const r = new Registry();
    const c = r.counter("x_total", "Things.\nCounted", ["b", "a"]);
    c.inc({ a: "1", b: 'q"\\\n' });
    c.inc({ a: "1", b: 'q"\\\n' }, 2);
    expect(c.get({ a: "1", b: 'q"\\\n' })).toBe(3);
    expect(r.expose()).toBe('# HELP x_total Things.\\nCounted\n# TYPE x_total counter\nx_total{a="1",b="q\\"\\\\\\n"} 3\n');
  });

  it("refuses what Prometheus would refuse", () => {
    const r = new Registry();
    expect(() => r.counter("bad-name", "h")).toThrow(/invalid metric name/);
    expect(() => r.counter("ok", "h", ["le"])).toThrow(/invalid label/);
    expect(() => r.counter("ok2", "h").inc({}, -1)).toThrow(/only goes up/);
    expect(() => r.counter("ok3", "h", ["a"]).inc({ b: "x" })).toThrow(/unknown label/);
    r.counter("same", "h");
    expect(() => r.gauge("same", "h")).toThrow(/already registered/);
  });

  it("returns the same metric when registered twice", () => {
    const r = new Registry();
    r.counter("n_total", "h").inc();
    r.counter("n_total", "h").inc();
    expect(r.counter("n_total", "h").get()).toBe(2);
  });

  it("renders cumulative histogram buckets, +Inf, sum and count", () => {
    const r = new Registry();
    const h = r.histogram("lat_seconds", "Latency.", ["route"], [0.1, 1]);
    h.observe({ route: "/a" }, 0.05);
    h.observe({ route: "/a" }, 0.5);
    h.observe({ route: "/a" }, 3);
    const text = r.expose();
    expect(text).toContain('lat_seconds_bucket{le="0.1",route="/a"} 1\n');
    expect(text).toContain('lat_seconds_bucket{le="1",route="/a"} 2\n');
    expect(text).toContain('lat_seconds_bucket{le="+Inf",route="/a"} 3\n');
    expect(text).toContain('lat_seconds_sum{route="/a"} 3.55\n');
    expect(text).toContain('lat_seconds_count{route="/a"} 3\n');
    expect(h.count({ route: "/a" })).toBe(3);
    expect(() => r.histogram("bad_seconds", "h", [], [1, 1])).toThrow(/increase/);
  });

  it("reads collected gauges at scrape time and skips a failing collector", () => {
    const r = new Registry();
    let n = 1;
    r.gauge("live", "Live.", ["t"], () => [{ labels: { t: "pods" }, value: n }]);
    r.gauge("broken", "Broken.", [], () => {
      throw new Error("no");
    });
    n = 7;
    const text = r.expose();
    expect(text).toContain('live{t="pods"} 7\n');
    expect(text).not.toContain("broken");
  });

  it("formats no labels as nothing", () => {
    expect(formatLabels({})).toBe("");
  });
});

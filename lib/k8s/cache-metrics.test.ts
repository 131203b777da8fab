import { describe, expect, it } from "vitest";
import { estimateBytes } from "./cache-metrics";

describe("estimateBytes", () => {
  const obj = (i: number, pad = 0) => ({ metadata: { name: `o${i}`, labels: { pad: "x".repeat(pad) } } });

  it("is exact when every object is sampled", () => {
    const objs = [obj(1), obj(2, 10), obj(3, 100)];
    expect(estimateBytes(objs)).toBe(objs.reduce((n, o) => n + JSON.stringify(o).length, 0));
  });

  it("extrapolates from a spread sample for large caches", () => {
    const objs = Array.from({ length: 10_000 }, (_, i) => obj(i, 50));
    const exact = objs.reduce((n, o) => n + JSON.stringify(o).length, 0);
    expect(Math.abs(estimateBytes(objs) - exact) / exact).toBeLessThan(0.05);
    expect(estimateBytes([])).toBe(0);
  });
});

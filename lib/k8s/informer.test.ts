import { describe, expect, it } from "vitest";
import { backoffDelay, eachLine, stripObject } from "./informer";

describe("backoffDelay", () => {
  it("grows with attempts and stays under the cap", () => {
    expect(backoffDelay(0, () => 1)).toBeLessThanOrEqual(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(15_000);
  });

  it("is jittered but never zero", () => {
    expect(backoffDelay(5, () => 0)).toBeGreaterThan(0);
    expect(backoffDelay(5, () => 0.5)).toBeLessThan(backoffDelay(5, () => 0.9));
  });
});

describe("stripObject", () => {
  it("drops managed fields and the last-applied annotation, keeps the rest", () => {
    const o = stripObject({
      metadata: {
        name: "a",
        managedFields: [{ manager: "kubectl" }],
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}", keep: "yes" },
      },
    });
    expect(o.metadata.managedFields).toBeUndefined();
    expect(o.metadata.annotations).toEqual({ keep: "yes" });
  });
});

describe("eachLine", () => {
  it("handles a backlog of lines in order, letting other work run in between", async () => {
    // readline hands buffered lines over in microtasks: without slices, nothing else would run until the end.
    async function* backlog() {
      for (let i = 0; i < 40; i++) yield String(i);
    }
    const seen: string[] = [];
    let handledWhenOtherWorkRan = -1;
    setImmediate(() => (handledWhenOtherWorkRan = seen.length));
    await eachLine(backlog(), (line) => {
      seen.push(line);
      const until = performance.now() + 1;
      while (performance.now() < until); // ~1 ms of work per line
    }, 5);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(handledWhenOtherWorkRan).toBeGreaterThan(0);
    expect(handledWhenOtherWorkRan).toBeLessThan(40);
  });
});

import { describe, expect, it } from "vitest";
import { SharedCache } from "./shared-cache";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("SharedCache", () => {
  it("shares one computation among concurrent askers (in-flight de-duplication)", async () => {
    const c = new SharedCache<string>({ ttlMs: 1000, max: 10 });
    const d = deferred<string>();
    let calls = 0;
    const compute = () => (calls++, d.promise);
    const askers = Array.from({ length: 50 }, () => c.get("bob", compute));
    d.resolve("scope");
    expect(await Promise.all(askers)).toEqual(Array(50).fill("scope"));
    expect(calls).toBe(1);
    expect(c.stats()).toMatchObject({ misses: 1, joined: 49, computations: 1 });
    expect(await c.get("bob", compute)).toBe("scope");
    expect(c.stats().hits).toBe(1);
  });

  it("recomputes after expiry and does not cache failures", async () => {
    const clk = clock();
    const c = new SharedCache<number>({ ttlMs: 1000, max: 10, now: clk.now });
    let n = 0;
    await c.get("k", async () => ++n);
    clk.advance(999);
    expect(await c.get("k", async () => ++n)).toBe(1);
    clk.advance(1);
    expect(await c.get("k", async () => ++n)).toBe(2);
    await expect(c.get("x", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await c.get("x", async () => 7)).toBe(7);
  });

  it("keeps at most max entries, evicting the least recently used unpinned one", async () => {
    const c = new SharedCache<string>({ ttlMs: 60_000, max: 3 });
    for (const k of ["a", "b", "c"]) await c.get(k, async () => k);
    await c.get("a", async () => "a"); // a is now the most recent
    c.retain("b", async () => "b"); // pinned: never evicted
    await c.get("d", async () => "d");
    await c.get("e", async () => "e");
    expect(c.stats().size).toBeLessThanOrEqual(3);
    expect(c.peek("b")).toBe("b");
    expect(c.peek("c")).toBeUndefined();
    expect(c.stats().evictions).toBeGreaterThanOrEqual(2);
  });

  it("refreshes entries in use before they expire, in the background, so askers never wait", async () => {
    const clk = clock();
    const c = new SharedCache<number>({ ttlMs: 1000, refreshAfterMs: 700, max: 10, now: clk.now });
    let n = 0;
    const next = deferred<number>();
    const compute = () => (++n === 1 ? Promise.resolve(1) : next.promise);
    c.retain("bob", compute);
    await c.get("bob", compute);
    clk.advance(600);
    c.tick();
    expect(n).toBe(1); // too young to refresh
    clk.advance(100);
    c.tick();
    expect(n).toBe(2); // refresh started at 70% of the TTL
    // While it runs, askers get the current answer at once.
    expect(await c.get("bob", compute)).toBe(1);
    expect(c.peek("bob")).toBe(1);
    next.resolve(2);
    await next.promise;
    await Promise.resolve();
    expect(c.peek("bob")).toBe(2);
    clk.advance(900);
    expect(await c.get("bob", compute)).toBe(2); // still fresh: the refresh reset its age
    expect(c.stats().refreshes).toBe(1);
  });

  it("spreads the refreshes of entries computed together", async () => {
    const clk = clock();
    let r = 0;
    const c = new SharedCache<number>({ ttlMs: 1000, refreshAfterMs: 800, refreshJitter: 0.5, max: 100, now: clk.now, random: () => (r++ % 4) / 4 });
    let computed = 0;
    for (let i = 0; i < 8; i++) c.retain(`p${i}`, async () => ++computed);
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.get(`p${i}`, async () => ++computed)));
    const refreshedBy = (age: number) => {
      clk.advance(age);
      c.tick();
      return c.stats().refreshes;
    };
    // Refresh ages are 800, 700, 600, 500 ms (random 0, .25, .5, .75), two entries each.
    expect(refreshedBy(499)).toBe(0);
    expect(refreshedBy(1)).toBe(2);
    expect(refreshedBy(100)).toBe(4);
    expect(refreshedBy(200)).toBe(8);
  });

  it("does not refresh entries nobody uses, and drops them once expired", async () => {
    const clk = clock();
    const c = new SharedCache<number>({ ttlMs: 1000, refreshAfterMs: 700, max: 10, now: clk.now });
    let n = 0;
    await c.get("gone", async () => ++n);
    clk.advance(800);
    c.tick();
    expect(n).toBe(1);
    clk.advance(200);
    c.tick();
    expect(c.stats().size).toBe(0);
  });
});

describe("SharedCache.refreshSoon", () => {
  it("recomputes matching entries in use at the next tick and drops unused ones", async () => {
    const clk = clock();
    const c = new SharedCache<number>({ ttlMs: 30_000, refreshAfterMs: 24_000, max: 10, now: clk.now, random: () => 0 });
    let n = 0;
    const compute = async () => ++n;
    c.retain("held", compute);
    await c.get("held", compute);
    await c.get("idle", compute);
    await c.get("other", compute);
    clk.advance(1000);
    c.refreshSoon((k) => k !== "other");
    expect(c.peek("idle")).toBeUndefined(); // nobody holds it: the next asker computes afresh
    expect(c.peek("other")).toBe(3);
    c.tick();
    await Promise.resolve();
    await Promise.resolve();
    expect(c.peek("held")).toBe(4);
    expect(c.stats().refreshes).toBe(1);
  });
});

import { describe, expect, it, vi } from "vitest";
import { UsageSource, type Collected } from "./usage";
import { usageConfig } from "@/lib/usage/config";

// The shared snapshot's timing rules, with a collector we control (no cluster needed).

const fig = (used: number) => ({ usedBytes: used, capacityBytes: 100, availableBytes: 100 - used, at: 1 });
function counting(results: (() => Promise<Collected>)[]) {
  let calls = 0;
  const collector = vi.fn(async () => results[Math.min(calls++, results.length - 1)]!());
  return { collector, calls: () => calls };
}
const ok = (used: number) => async (): Promise<Collected> => ({ byClaim: new Map([["a/c", fig(used)]]), errors: [] });

describe("UsageSource", () => {
  it("shares one collection among concurrent readers", async () => {
    const c = counting([ok(1)]);
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "30" }), c.collector);
    const all = await Promise.all(Array.from({ length: 20 }, () => src.get()));
    expect(c.calls()).toBe(1);
    expect(all.every((s) => s.byClaim.get("a/c")?.usedBytes === 1)).toBe(true);
    expect(all[0]!.collectedAt).toBeGreaterThan(0);
  });

  it("serves the snapshot until it is due, then serves it stale while one refresh runs", async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ["Date"] });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const c = counting([ok(1), async () => (await gate, ok(2)())]);
      const src = new UsageSource(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "30" }), c.collector);
      await src.get();
      vi.setSystemTime(1_000_000 + 29_000);
      expect((await src.get()).byClaim.get("a/c")?.usedBytes).toBe(1);
      expect(c.calls()).toBe(1);
      vi.setSystemTime(1_000_000 + 31_000);
      const stale = await Promise.all([src.get(), src.get(), src.get()]);
      expect(stale.map((s) => s.byClaim.get("a/c")?.usedBytes)).toEqual([1, 1, 1]);
      expect(c.calls()).toBe(2);
      release();
      const fresh = await src.refresh(); // joins the refresh in flight
      expect(fresh.byClaim.get("a/c")?.usedBytes).toBe(2);
      expect(c.calls()).toBe(2);
      expect((await src.get()).byClaim.get("a/c")?.usedBytes).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers a first reader after at most 2 s with an empty, not-yet-collected snapshot", async () => {
    const c = counting([() => new Promise<Collected>(() => undefined)]);
    const src = new UsageSource(usageConfig({}), c.collector);
    const t0 = Date.now();
    const s = await src.get();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900);
    expect(s.collectedAt).toBe(0);
    expect(src.status().refreshing).toBe(true);
  });

  it("records a failed collection as unreachable with the error, and retries only when due", async () => {
    const c = counting([async () => { throw new Error("boom"); }]);
    const src = new UsageSource(usageConfig({}), c.collector);
    const s = await src.get();
    expect(s).toMatchObject({ unreachable: true, errors: ["boom"] });
    expect(s.collectedAt).toBeGreaterThan(0);
    await src.get();
    expect(c.calls()).toBe(1);
  });

  it("never collects when the source is none, and reports a configuration problem", async () => {
    const c = counting([ok(1)]);
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_SOURCE: "prometheus" }), c.collector);
    expect((await src.get()).source).toBe("none");
    expect(c.calls()).toBe(0);
    expect(src.status()).toMatchObject({ kind: "none", problem: expect.stringContaining("PROMETHEUS_URL") });
  });

  it("tells listeners which claims' shown figures changed after a collection, and nothing when none did", async () => {
    const c = counting([ok(1), ok(1), ok(50)]);
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "30" }), c.collector);
    const seen: string[][] = [];
    src.onChange((keys) => seen.push(keys));
    await src.refresh();
    await src.refresh();
    await src.refresh();
    expect(seen).toEqual([["a/c"], ["a/c"]]);
  });

  it("moves the version only when some figure changed, so the unused review is not reclassified for a refresh that changed nothing", async () => {
    const c = counting([ok(1), ok(1), ok(2), async () => Promise.reject(new Error("down"))]);
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "30" }), c.collector);
    const versions: number[] = [];
    for (let i = 0; i < 4; i++) versions.push((await src.refresh()).version);
    expect(versions).toEqual([1, 1, 2, 3]);
  });

  it("lets background refreshes yield to pages, but not the first one (a reader may be waiting for it)", async () => {
    const c = counting([ok(1), ok(2)]);
    const src = new UsageSource(usageConfig({ BINDERY_USAGE_REFRESH_SECONDS: "30" }), c.collector);
    await src.refresh();
    await src.refresh();
    const pauses = c.collector.mock.calls.map((args: unknown[]) => args[1]);
    expect(pauses[0]).toBeUndefined();
    expect(pauses[1]).toBeTypeOf("function");
    await expect((pauses[1] as () => Promise<void>)()).resolves.toBeUndefined(); // no page in flight: next turn
  });
});

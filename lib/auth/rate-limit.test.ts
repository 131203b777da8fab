import { describe, expect, it } from "vitest";
import { RateLimiter, sourceOf } from "./rate-limit";

const limits = { perSource: { burst: 3, perMinute: 6 }, global: { burst: 5, perMinute: 30 } };

describe("rate limiter", () => {
  it("lets a source spend its burst, then refuses with how long to wait", () => {
    const r = new RateLimiter(limits, 0);
    expect([1, 2, 3].map(() => r.take("a", 0).ok)).toEqual([true, true, true]);
    expect(r.take("a", 0)).toEqual({ ok: false, scope: "source", retryAfterSeconds: 10 });
    expect(r.take("a", 10_000).ok).toBe(true); // 6 per minute: one back every 10 s
  });
  it("caps everyone together, whatever sources they claim", () => {
    const r = new RateLimiter(limits, 0);
    const answers = ["a", "b", "c", "d", "e", "f"].map((s) => r.take(s, 0));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers[5]).toEqual({ ok: false, scope: "global", retryAfterSeconds: 2 });
  });
  it("forgets the least recently seen source beyond its bound", () => {
    const r = new RateLimiter({ ...limits, global: { burst: 1000, perMinute: 1000 }, maxSources: 2 }, 0);
    for (let i = 0; i < 3; i++) r.take("a", 0);
    r.take("b", 0);
    r.take("c", 0); // evicts a
    expect(r.take("a", 0).ok).toBe(true);
  });
  it("reads the last X-Forwarded-For hop (the one our side added)", () => {
    expect(sourceOf("1.2.3.4, 10.0.0.9")).toBe("10.0.0.9");
    expect(sourceOf(null)).toBe("unknown");
  });
});

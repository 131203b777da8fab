/**
 * Token buckets, one per source plus one shared by all: a caller may spend `burst` at once and
 * earns `perMinute` back over a minute. Pure (time is passed in) so it is unit-tested. The
 * per-source map is bounded: the least recently seen source is forgotten first.
 */
export interface Limits {
  perSource: { burst: number; perMinute: number };
  global: { burst: number; perMinute: number };
  maxSources?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number; scope: "source" | "global" };

export class RateLimiter {
  private readonly sources = new Map<string, Bucket>();
  private readonly all: Bucket;
  constructor(private readonly limits: Limits, now = Date.now()) {
    this.all = { tokens: limits.global.burst, at: now };
  }

  take(source: string, now = Date.now()): Take {
    const own = this.sources.get(source) ?? { tokens: this.limits.perSource.burst, at: now };
    this.sources.delete(source); // re-insert: Map order is recency order
    this.sources.set(source, own);
    if (this.sources.size > (this.limits.maxSources ?? 10_000)) this.sources.delete(this.sources.keys().next().value!);
    refill(own, this.limits.perSource, now);
    refill(this.all, this.limits.global, now);
    if (own.tokens < 1) return { ok: false, scope: "source", retryAfterSeconds: wait(own, this.limits.perSource) };
    if (this.all.tokens < 1) return { ok: false, scope: "global", retryAfterSeconds: wait(this.all, this.limits.global) };
    own.tokens -= 1;
    this.all.tokens -= 1;
    return { ok: true };
  }
}

function refill(b: Bucket, l: { burst: number; perMinute: number }, now: number): void {
  b.tokens = Math.min(l.burst, b.tokens + ((now - b.at) / 60_000) * l.perMinute);
  b.at = now;
}

function wait(b: Bucket, l: { perMinute: number }): number {
  return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / l.perMinute));
}

/** The client address as the nearest proxy saw it: the last X-Forwarded-For hop. */
export function sourceOf(forwardedFor: string | null): string {
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return hops[hops.length - 1] ?? "unknown";
}

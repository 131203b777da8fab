/**
 * A bounded, shared, time-limited cache of computed answers (pure: no I/O, injectable clock).
 * - Concurrent askers of a missing key wait for the same computation (in-flight de-duplication).
 * - Entries expire after `ttlMs`; entries in use are recomputed in the background once they are
 *   `refreshAfterMs` old (by `tick()`), so askers keep getting answers without waiting.
 * - At most `max` entries; the least recently used unpinned entry goes first. Pinned entries
 *   (`retain`, e.g. a person's open streams) are never evicted, so their holders stay current.
 */
export interface SharedCacheOptions {
  ttlMs: number;
  /** Age at which an entry in use is recomputed by `tick()`; absent: never ahead of expiry. */
  refreshAfterMs?: number;
  /**
   * Spreads refreshes: each entry refreshes at a random age between
   * refreshAfterMs * (1 - refreshJitter) and refreshAfterMs, so people who arrived together
   * (a reconnect storm) do not all refresh together again.
   */
  refreshJitter?: number;
  max: number;
  now?: () => number;
  random?: () => number;
  onError?: (key: string, err: unknown) => void;
}

interface Entry<V> {
  value?: V;
  fetchedAt: number;
  /** Age at which tick() refreshes this entry (jittered per computation). */
  refreshAge: number;
  usedAt: number;
  inflight?: Promise<V>;
  compute: () => Promise<V>;
  refs: number;
}

export interface SharedCacheStats {
  size: number;
  hits: number;
  misses: number;
  /** Askers that waited for a computation someone else had started. */
  joined: number;
  computations: number;
  refreshes: number;
  evictions: number;
  errors: number;
  inflight: number;
}

export class SharedCache<V> {
  private map = new Map<string, Entry<V>>();
  private readonly now: () => number;
  private counts = { hits: 0, misses: 0, joined: 0, computations: 0, refreshes: 0, evictions: 0, errors: 0 };

  constructor(private readonly opts: SharedCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The answer for `key`: cached if fresh, else the running computation, else a new one. */
  get(key: string, compute: () => Promise<V>): Promise<V> {
    const now = this.now();
    let e = this.map.get(key);
    if (e) {
      this.map.delete(key); // re-insert: most recently used last
      this.map.set(key, e);
      e.usedAt = now;
      e.compute = compute;
      if (e.value !== undefined && now - e.fetchedAt < this.opts.ttlMs) {
        this.counts.hits++;
        return Promise.resolve(e.value);
      }
      if (e.inflight) {
        this.counts.joined++;
        return e.inflight;
      }
    } else {
      e = { fetchedAt: 0, refreshAge: 0, usedAt: now, compute, refs: 0 };
      this.map.set(key, e);
      this.evict();
    }
    this.counts.misses++;
    return this.load(key, e);
  }

  /** The last computed answer, even if due for refresh; never waits (for the event path). */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  /** Pins `key` (not evicted, kept fresh by `tick()`) until the matching `release`. */
  retain(key: string, compute: () => Promise<V>): void {
    let e = this.map.get(key);
    if (!e) {
      e = { fetchedAt: 0, refreshAge: 0, usedAt: this.now(), compute, refs: 0 };
      this.map.set(key, e);
    }
    e.refs++;
    this.evict();
  }

  release(key: string): void {
    const e = this.map.get(key);
    if (e && e.refs > 0) e.refs--;
    this.evict();
  }

  /**
   * Background upkeep, called by one shared timer: recomputes entries in use before they
   * expire and drops expired ones nobody holds, so memory goes back down when people leave.
   */
  tick(): void {
    const now = this.now();
    const { ttlMs, refreshAfterMs } = this.opts;
    for (const [key, e] of this.map) {
      if (e.inflight) continue;
      const age = now - e.fetchedAt;
      const inUse = e.refs > 0 || e.usedAt > e.fetchedAt;
      if (refreshAfterMs !== undefined && e.value !== undefined && inUse && age >= e.refreshAge) {
        this.counts.refreshes++;
        this.load(key, e).catch(() => {}); // counted and reported in load()
      } else if (e.refs === 0 && age >= ttlMs) {
        this.map.delete(key);
      }
    }
  }

  /**
   * The answers of matching keys may be out of date (e.g. a RoleBinding naming them changed):
   * entries in use are recomputed at the next `tick()`, unused ones are dropped.
   */
  refreshSoon(matches: (key: string) => boolean): void {
    for (const [key, e] of this.map) {
      if (!matches(key) || e.value === undefined) continue;
      if (e.refs > 0 || e.usedAt > e.fetchedAt) e.refreshAge = 0;
      else if (!e.inflight) this.map.delete(key);
    }
  }

  stats(): SharedCacheStats {
    let inflight = 0;
    for (const e of this.map.values()) if (e.inflight) inflight++;
    return { size: this.map.size, inflight, ...this.counts };
  }

  clear(): void {
    this.map.clear();
  }

  private load(key: string, e: Entry<V>): Promise<V> {
    this.counts.computations++;
    const p = e.compute().then(
      (v) => {
        e.value = v;
        e.fetchedAt = this.now();
        const after = this.opts.refreshAfterMs ?? this.opts.ttlMs;
        e.refreshAge = after * (1 - (this.opts.refreshJitter ?? 0) * (this.opts.random ?? Math.random)());
        if (e.inflight === p) e.inflight = undefined;
        return v;
      },
      (err: unknown) => {
        this.counts.errors++;
        if (e.inflight === p) e.inflight = undefined;
        // Failures are not cached: the next asker tries again.
        if (e.value === undefined && e.refs === 0 && this.map.get(key) === e) this.map.delete(key);
        this.opts.onError?.(key, err);
        throw err;
      },
    );
    e.inflight = p;
    return p;
  }

  private evict(): void {
    if (this.map.size <= this.opts.max) return;
    for (const [key, e] of this.map) {
      if (this.map.size <= this.opts.max) return;
      if (e.refs > 0 || e.inflight) continue;
      this.map.delete(key);
      this.counts.evictions++;
    }
  }
}

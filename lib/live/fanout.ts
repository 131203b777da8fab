/**
 * Fan-out of live change notices to many streams (pure: no I/O, injectable clock).
 * - One registry per topic; a change is serialized once by the caller and the same bytes are
 *   written to every interested stream. Streams are grouped per person, so the access check
 *   (`allows`) runs once per person per change, not once per stream.
 * - Caps: at most `maxPerPerson` streams per person and `maxStreams` in total.
 * - Backpressure: a stream whose outgoing queue is full is not queued further; it skips
 *   changes, and gets one "resync" notice when its reader catches up (pages re-read then).
 *   A reader that stays stuck for `stallMs` is dropped (its browser reconnects and re-reads).
 */
export interface Outlet {
  /** Bytes the stream may still queue (<= 0: full); null once the stream is gone. */
  desiredSize(): number | null;
  enqueue(bytes: Uint8Array): void;
  /** Ends the stream; `dropQueued` discards what is still queued (slow reader). */
  close(dropQueued: boolean): void;
  /** Bytes queued and not yet taken by the reader (for stats). */
  queuedBytes?(): number;
}

export interface FanoutOptions {
  maxPerPerson: number;
  maxStreams: number;
  stallMs: number;
  resync: Uint8Array;
  now?: () => number;
}

export type Admission = { ok: true; stream: LiveStream } | { ok: false; status: 429 | 503; message: string };

/** Decides per change whether the person may see it (topic, namespace); must not wait. */
export type Allows = (topic: string, namespace: string | undefined) => boolean;

interface Group {
  allows: Allows;
  members: Set<LiveStream>;
}

export class LiveStream {
  behindSince: number | undefined;
  closed = false;
  constructor(
    readonly person: string,
    readonly scopeKey: string,
    readonly topics: readonly string[],
    readonly outlet: Outlet,
  ) {}
}

export class Fanout {
  private topics = new Map<string, Map<string, Group>>();
  private streams = new Set<LiveStream>();
  private perPerson = new Map<string, number>();
  private readonly now: () => number;
  private counts = { published: 0, written: 0, skipped: 0, resyncs: 0, droppedSlow: 0, refusedPerson: 0, refusedGlobal: 0 };
  lastFanoutMs = 0;

  constructor(private readonly opts: FanoutOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Registers a stream (topics de-duplicated) or refuses it with a message for the person. */
  open(person: string, scopeKey: string, topics: readonly string[], allows: Allows, outlet: Outlet): Admission {
    if (this.streams.size >= this.opts.maxStreams) {
      this.counts.refusedGlobal++;
      return { ok: false, status: 503, message: "The portal has as many live connections as it can serve. Pages still work; live updates resume when you reload later." };
    }
    const mine = this.perPerson.get(person) ?? 0;
    if (mine >= this.opts.maxPerPerson) {
      this.counts.refusedPerson++;
      return {
        ok: false,
        status: 429,
        message: `You already have ${mine} live connections open (the limit is ${this.opts.maxPerPerson}). Close portal tabs or browsers you no longer use.`,
      };
    }
    const stream = new LiveStream(person, scopeKey, [...new Set(topics)], outlet);
    this.streams.add(stream);
    this.perPerson.set(person, mine + 1);
    for (const t of stream.topics) {
      let groups = this.topics.get(t);
      if (!groups) this.topics.set(t, (groups = new Map()));
      let g = groups.get(scopeKey);
      if (!g) groups.set(scopeKey, (g = { allows, members: new Set() }));
      g.members.add(stream);
    }
    return { ok: true, stream };
  }

  /** Unregisters; `slow` also discards what the stream still had queued. Idempotent. */
  close(stream: LiveStream, slow = false): void {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream);
    const n = (this.perPerson.get(stream.person) ?? 1) - 1;
    if (n > 0) this.perPerson.set(stream.person, n);
    else this.perPerson.delete(stream.person);
    for (const t of stream.topics) {
      const groups = this.topics.get(t);
      const g = groups?.get(stream.scopeKey);
      g?.members.delete(stream);
      if (g && g.members.size === 0) groups?.delete(stream.scopeKey);
    }
    try {
      stream.outlet.close(slow);
    } catch {
      // already gone
    }
  }

  /** One change to every stream of every person allowed to see it: the same bytes for all. */
  publish(topic: string, namespace: string | undefined, bytes: Uint8Array): void {
    const start = performance.now();
    this.counts.published++;
    const groups = this.topics.get(topic);
    if (groups) {
      for (const g of groups.values()) {
        if (!g.allows(topic, namespace)) continue;
        for (const s of g.members) this.write(s, bytes);
      }
    }
    this.lastFanoutMs = performance.now() - start;
  }

  /** Writes to every stream (status, heartbeat); drops readers stuck for longer than stallMs. */
  broadcast(bytes: Uint8Array): void {
    const now = this.now();
    for (const s of [...this.streams]) {
      if (s.behindSince !== undefined && now - s.behindSince >= this.opts.stallMs) {
        this.counts.droppedSlow++;
        this.close(s, true);
      } else {
        this.write(s, bytes);
      }
    }
  }

  /** The stream's reader took bytes off its queue: a stream that skipped changes resyncs now. */
  drained(s: LiveStream): void {
    if (s.closed || s.behindSince === undefined) return;
    const free = s.outlet.desiredSize();
    if (free === null || free <= 0) return;
    s.behindSince = undefined;
    this.counts.resyncs++;
    this.enqueue(s, this.opts.resync);
  }

  /** Writes to one stream unless its queue is full (then it skips until drained). */
  write(s: LiveStream, bytes: Uint8Array): void {
    if (s.closed) return;
    if (s.behindSince !== undefined) {
      this.counts.skipped++;
      return;
    }
    const free = s.outlet.desiredSize();
    if (free === null) {
      this.close(s);
      return;
    }
    if (free <= 0) {
      s.behindSince = this.now();
      this.counts.skipped++;
      return;
    }
    this.enqueue(s, bytes);
  }

  private enqueue(s: LiveStream, bytes: Uint8Array): void {
    try {
      s.outlet.enqueue(bytes);
      this.counts.written++;
    } catch {
      this.close(s);
    }
  }

  stats() {
    const topics: Record<string, number> = {};
    for (const [t, groups] of this.topics) {
      let n = 0;
      for (const g of groups.values()) n += g.members.size;
      topics[t] = n;
    }
    let behind = 0;
    let queuedBytes = 0;
    let maxQueuedBytes = 0;
    for (const s of this.streams) {
      if (s.behindSince !== undefined) behind++;
      const q = s.outlet.queuedBytes?.() ?? 0;
      queuedBytes += q;
      maxQueuedBytes = Math.max(maxQueuedBytes, q);
    }
    return {
      connections: this.streams.size,
      people: this.perPerson.size,
      perPerson: Object.fromEntries(this.perPerson),
      topics,
      behind,
      queuedBytes,
      maxQueuedBytes,
      lastFanoutMs: this.lastFanoutMs,
      ...this.counts,
    };
  }
}

import { describe, expect, it } from "vitest";
import { Fanout, type Outlet } from "./fanout";

const enc = new TextEncoder();
const RESYNC = enc.encode("resync");

/** A stream queue like a ReadableStream's: `capacity` bytes, emptied by `read()`. */
class FakeOutlet implements Outlet {
  queued: Uint8Array[] = [];
  received: string[] = [];
  closed: "no" | "clean" | "dropped" = "no";
  constructor(private capacity = 1000) {}
  desiredSize() {
    if (this.closed !== "no") return null;
    return this.capacity - this.queued.reduce((n, b) => n + b.byteLength, 0);
  }
  enqueue(b: Uint8Array) {
    this.queued.push(b);
  }
  close(drop: boolean) {
    this.closed = drop ? "dropped" : "clean";
    if (drop) this.queued = [];
  }
  read() {
    const dec = new TextDecoder();
    this.received.push(...this.queued.map((b) => dec.decode(b)));
    this.queued = [];
  }
}

const everything = () => true;

function fanout(over: Partial<ConstructorParameters<typeof Fanout>[0]> = {}) {
  let t = 0;
  const f = new Fanout({ maxPerPerson: 5, maxStreams: 100, stallMs: 30_000, resync: RESYNC, now: () => t, ...over });
  return { f, advance: (ms: number) => (t += ms) };
}

describe("Fanout", () => {
  it("collapses duplicated topics: one registration, one copy of each change", () => {
    const { f } = fanout();
    const out = new FakeOutlet();
    const opened = f.open("bob", "bob", ["pods", "pods", "events", "pods"], everything, out);
    expect(opened.ok && opened.stream.topics).toEqual(["pods", "events"]);
    f.publish("pods", "team-a", enc.encode("p1"));
    out.read();
    expect(out.received).toEqual(["p1"]);
    expect(f.stats().topics).toEqual({ pods: 1, events: 1 });
  });

  it("writes the same bytes object to every interested stream and asks each person once", () => {
    const { f } = fanout();
    const asked: string[] = [];
    const bobs = [new FakeOutlet(), new FakeOutlet(), new FakeOutlet()];
    for (const o of bobs) f.open("bob", "bob", ["pvc"], (_t, ns) => (asked.push(`bob:${ns}`), ns === "team-a"), o);
    const alice = new FakeOutlet();
    f.open("alice", "alice", ["pvc"], (_t, ns) => (asked.push(`alice:${ns}`), ns === "team-b"), alice);
    const bytes = enc.encode("change");
    f.publish("pvc", "team-a", bytes);
    expect(bobs.every((o) => o.queued[0] === bytes)).toBe(true);
    expect(alice.queued).toEqual([]);
    expect(asked.sort()).toEqual(["alice:team-a", "bob:team-a"]);
  });

  it("refuses the N+1st stream of a person and the stream over the global cap, with a message", () => {
    const { f } = fanout({ maxPerPerson: 2, maxStreams: 3 });
    expect(f.open("bob", "bob", ["pods"], everything, new FakeOutlet()).ok).toBe(true);
    const second = f.open("bob", "bob", ["pods"], everything, new FakeOutlet());
    const third = f.open("bob", "bob", ["pods"], everything, new FakeOutlet());
    expect(third).toMatchObject({ ok: false, status: 429 });
    expect(!third.ok && third.message).toMatch(/limit is 2/);
    // Closing one frees the slot.
    if (second.ok) f.close(second.stream);
    expect(f.open("bob", "bob", ["pods"], everything, new FakeOutlet()).ok).toBe(true);
    expect(f.open("alice", "alice", ["pods"], everything, new FakeOutlet()).ok).toBe(true);
    expect(f.open("carol", "carol", ["pods"], everything, new FakeOutlet())).toMatchObject({ ok: false, status: 503 });
    expect(f.stats()).toMatchObject({ connections: 3, refusedPerson: 1, refusedGlobal: 1, perPerson: { bob: 2, alice: 1 } });
  });

  it("does not queue beyond the bound for a slow reader, resyncs it when it catches up", () => {
    const { f } = fanout();
    const slow = new FakeOutlet(100);
    const fast = new FakeOutlet(1_000_000);
    const s = f.open("bob", "bob", ["pods"], everything, slow);
    f.open("bob", "bob", ["pods"], everything, fast);
    for (let i = 0; i < 1000; i++) f.publish("pods", "a", enc.encode(`change-${String(i).padStart(4, "0")}`)); // 11 bytes each
    const queuedBytes = slow.queued.reduce((n, b) => n + b.byteLength, 0);
    expect(queuedBytes).toBeLessThanOrEqual(100 + 11);
    expect(fast.queued).toHaveLength(1000); // one slow reader does not hold back the others
    expect(f.stats().behind).toBe(1);
    slow.read();
    if (s.ok) f.drained(s.stream);
    expect(slow.queued.map((b) => new TextDecoder().decode(b))).toEqual(["resync"]);
    f.publish("pods", "a", enc.encode("after"));
    slow.read();
    expect(slow.received.slice(-2)).toEqual(["resync", "after"]);
    expect(f.stats()).toMatchObject({ behind: 0, resyncs: 1 });
  });

  it("drops a reader that stays stuck past the stall limit, discarding its queue", () => {
    const { f, advance } = fanout({ stallMs: 30_000 });
    const stuck = new FakeOutlet(50);
    f.open("bob", "bob", ["pods"], everything, stuck);
    for (let i = 0; i < 20; i++) f.publish("pods", "a", enc.encode("0123456789"));
    f.broadcast(enc.encode("hb"));
    expect(stuck.closed).toBe("no");
    advance(30_000);
    f.broadcast(enc.encode("hb"));
    expect(stuck.closed).toBe("dropped");
    expect(stuck.queued).toEqual([]);
    expect(f.stats()).toMatchObject({ connections: 0, droppedSlow: 1, perPerson: {} });
  });

  it("forgets closed streams entirely (no per-topic leftovers)", () => {
    const { f } = fanout();
    const a = f.open("bob", "bob", ["pods", "events"], everything, new FakeOutlet());
    if (a.ok) f.close(a.stream);
    if (a.ok) f.close(a.stream); // idempotent
    expect(f.stats()).toMatchObject({ connections: 0, people: 0, topics: { pods: 0, events: 0 } });
  });
});

import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";

// The 410 path cannot be provoked on demand against a young cluster (its history is not
// compacted yet), so this unit test scripts the apiserver's answers at the transport.
const calls: string[] = [];
let watchAnswers: { status: number; lines: string[]; reset?: boolean }[] = [];

vi.mock("./rest", () => ({
  request: vi.fn(async (opts: { query?: Record<string, unknown> }) => {
    calls.push(`list continue=${opts.query?.continue ?? ""}`);
    if (!opts.query?.continue) {
      return { metadata: { resourceVersion: "100", continue: "page2" }, items: [{ metadata: { name: "a", resourceVersion: "90" } }] };
    }
    return { metadata: { resourceVersion: "100" }, items: [{ metadata: { name: "b", resourceVersion: "95" } }] };
  }),
  open: vi.fn(async (opts: { query?: Record<string, unknown>; signal?: AbortSignal }) => {
    calls.push(`watch rv=${String(opts.query?.resourceVersion)} bookmarks=${String(opts.query?.allowWatchBookmarks)}`);
    const next = watchAnswers.shift() ?? { status: 200, lines: [] };
    const body = (
      next.reset ? resetAfter(next.lines) : Readable.from(next.lines.map((l) => `${l}\n`))
    ) as Readable & { statusCode?: number };
    body.statusCode = next.status;
    if (watchAnswers.length === 0 && next.lines.length === 0) {
      // Park the last watch until the test stops the informer.
      await new Promise<void>((r) => opts.signal?.addEventListener("abort", () => r()));
    }
    return body;
  }),
}));

/** A watch body that sends its lines, then dies as a reset connection does (apiserver restart). */
function resetAfter(lines: string[]): Readable {
  const body = new Readable({ read() {} });
  for (const l of lines) body.push(`${l}\n`);
  setTimeout(() => body.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" })), 20);
  return body;
}

const { SharedInformer } = await import("./informer");
const rt = { key: "namespaces", group: "", version: "v1", plural: "namespaces", namespaced: false };

describe("SharedInformer against scripted apiserver answers", () => {
  it("lists in pages, follows bookmarks, and relists after 410 Gone", async () => {
    calls.length = 0;
    watchAnswers = [
      {
        status: 200,
        lines: [
          JSON.stringify({ type: "ADDED", object: { metadata: { name: "c", resourceVersion: "101", managedFields: [{}] } } }),
          JSON.stringify({ type: "BOOKMARK", object: { metadata: { name: "", resourceVersion: "150" } } }),
          JSON.stringify({ type: "ERROR", object: { code: 410, message: "too old resource version" } }),
        ],
      },
      { status: 200, lines: [] },
    ];
    const inf = new SharedInformer(rt);
    const seen: string[] = [];
    inf.subscribe((c) => seen.push(`${c.type} ${c.object.metadata.name}`));
    await vi.waitFor(() => expect(calls.filter((c) => c.startsWith("watch")).length).toBe(2), { timeout: 5000 });
    inf.stop();
    expect(calls).toEqual([
      "list continue=",
      "list continue=page2",
      "watch rv=100 bookmarks=true",
      // 410: history gone, so start over with a full list, then watch from its version.
      "list continue=",
      "list continue=page2",
      "watch rv=100 bookmarks=true",
    ]);
    expect(seen).toEqual(["ADDED a", "ADDED b", "ADDED c", "DELETED c"]);
    expect(inf.get("a")).toBeDefined();
    expect(inf.synced).toBe(true);
  });

  it("projects objects before storing them and keeps indexes in step with watch events", async () => {
    watchAnswers = [
      {
        status: 200,
        lines: [
          JSON.stringify({ type: "ADDED", object: { metadata: { name: "d", namespace: "y", resourceVersion: "101" }, spec: { claim: "db" } } }),
          JSON.stringify({ type: "ADDED", object: { metadata: { name: "c", namespace: "y", resourceVersion: "102" }, spec: { claim: "db" } } }),
          JSON.stringify({ type: "DELETED", object: { metadata: { name: "d", namespace: "y", resourceVersion: "103" } } }),
          JSON.stringify({ type: "ADDED", object: { metadata: { name: "a", namespace: "x", resourceVersion: "104" }, spec: { claim: "db" }, big: "dropped" } }),
        ],
      },
      { status: 200, lines: [] },
    ];
    type Obj = { metadata: { name: string; namespace?: string }; spec?: { claim?: string }; big?: string };
    const project = (o: Obj) => ({ metadata: { name: o.metadata.name, namespace: o.metadata.namespace }, spec: o.spec });
    const byClaim = (o: Obj) => (o.spec?.claim ? [o.spec.claim] : []);
    const inf = new SharedInformer<Obj>({ ...rt, namespaced: true }, project as never, { claim: byClaim as never });
    inf.start();
    // The events arrive in order: once "a" is in, the deletion of "d" was applied too.
    await vi.waitFor(() => expect(inf.get("a", "x")).toBeDefined(), { timeout: 5000 });
    inf.stop();
    expect(inf.get("a", "x")).toEqual({ metadata: { name: "a", namespace: "x" }, spec: { claim: "db" } });
    expect(inf.byIndex("claim", "db").map((o) => o.metadata.name).sort()).toEqual(["a", "c"]);
    expect(inf.byIndex("namespace", "x").map((o) => o.metadata.name)).toEqual(["a"]);
    expect(inf.byIndex("namespace", "y").map((o) => o.metadata.name)).toEqual(["c"]);
  });

  it("a connection reset after the watch gave up is not an uncaught error; it watches again from the last version", async () => {
    calls.length = 0;
    watchAnswers = [
      {
        status: 200,
        reset: true,
        // The watch gives up on an ERROR event; the connection dies only afterwards.
        lines: [
          JSON.stringify({ type: "ADDED", object: { metadata: { name: "e", resourceVersion: "120" } } }),
          JSON.stringify({ type: "ERROR", object: { code: 500, message: "internal error" } }),
        ],
      },
      { status: 200, lines: [] },
    ];
    const inf = new SharedInformer(rt);
    inf.start();
    await vi.waitFor(() => expect(calls.filter((c) => c.startsWith("watch")).length).toBe(2), { timeout: 5000 });
    inf.stop();
    expect(inf.get("e")).toBeDefined();
    expect(inf.lastError).toBe("watch error 500");
    // No relist: the watch resumes from the version of the last event it saw.
    expect(calls.slice(-1)).toEqual(["watch rv=120 bookmarks=true"]);
  });
});

import { describe, expect, it } from "vitest";
import { runQuery, type ListSpec } from "./query";
import { inOrder, pageOfSorted, SortedView, type SortedEntry } from "./sorted";

interface Obj {
  ns: string;
  name: string;
  size: number | undefined;
}
const idOf = (o: Obj) => `${o.ns}/${o.name}`;
const spec: ListSpec<Obj, "size"> = { text: idOf, keys: { size: (o) => o.size }, id: idOf };

/** A tiny store like the informer's, so the view can be built from it. */
function store(objs: Obj[]): Map<string, Obj> {
  return new Map(objs.map((o) => [idOf(o), o]));
}

function ids(e: readonly SortedEntry<Obj>[], dir: "asc" | "desc" = "asc"): string[] {
  return [...inOrder(e, dir)].map((x) => x.id);
}

const seed: Obj[] = [
  { ns: "b", name: "db", size: 5 },
  { ns: "a", name: "db", size: 5 },
  { ns: "a", name: "cache", size: undefined },
  { ns: "a", name: "logs", size: 20 },
];

describe("SortedView", () => {
  it("builds in key order with ties by id, the order a fresh sort gives in both directions", () => {
    const s = store(seed);
    const view = new SortedView<Obj>({ key: (o) => o.size });
    const e = view.get(() => s.entries());
    expect(ids(e)).toEqual(["a/cache", "a/db", "b/db", "a/logs"]);
    for (const dir of ["asc", "desc"] as const) {
      const fresh = runQuery(seed, { q: "", sort: "size", dir, page: 1, size: 50 }, spec).items.map(idOf);
      expect(ids(e, dir)).toEqual(fresh);
    }
    expect(ids(e, "desc")).toEqual(["a/logs", "a/db", "b/db", "a/cache"]);
  });

  it("stays equal to a fresh sort through random adds, changes and deletes", () => {
    let seedNo = 7;
    const rand = (n: number) => (seedNo = (seedNo * 1103515245 + 12345) % 2 ** 31) % n;
    const s = store([]);
    const view = new SortedView<Obj>({ key: (o) => o.size });
    view.get(() => s.entries());
    for (let i = 0; i < 2000; i++) {
      const o: Obj = { ns: `n${rand(3)}`, name: `o${rand(60)}`, size: rand(5) === 0 ? undefined : rand(10) };
      const old = s.get(idOf(o));
      if (rand(4) === 0) {
        s.delete(idOf(o));
        view.update(idOf(o), old, undefined);
      } else {
        s.set(idOf(o), o);
        view.update(idOf(o), old, o);
      }
    }
    const kept = view.get(() => s.entries());
    expect(kept.length).toBe(s.size);
    // Each entry holds the latest version (changes that kept the key were swapped in place).
    expect(kept.every((x) => s.get(x.id) === x.o)).toBe(true);
    for (const dir of ["asc", "desc"] as const) {
      const fresh = runQuery([...s.values()], { q: "", sort: "size", dir, page: 1, size: 100 }, spec).items.map(idOf);
      expect(ids(kept, dir)).toEqual(fresh);
    }
  });

  it("rebuilds when invalidated or when its key provider's version moves", () => {
    const s = store(seed);
    let version = 1;
    const extra = new Map<string, number>([["a/cache", 100]]);
    const view = new SortedView<Obj>({ key: (_o, id) => extra.get(id) ?? 0, version: () => version });
    expect(ids(view.get(() => s.entries())).at(-1)).toBe("a/cache");
    extra.set("a/cache", -1);
    expect(ids(view.get(() => s.entries())).at(-1)).toBe("a/cache"); // same version: kept order
    version = 2;
    expect(ids(view.get(() => s.entries()))[0]).toBe("a/cache");
    s.delete("a/cache");
    view.invalidate();
    expect(view.built).toBe(false);
    expect(ids(view.get(() => s.entries()))).not.toContain("a/cache");
  });

  it("finds an entry whose object was changed in place and still removes it", () => {
    const o: Obj = { ns: "a", name: "x", size: 3 };
    const s = store([...seed, o]);
    const view = new SortedView<Obj>({ key: (x) => x.size });
    view.get(() => s.entries());
    o.size = 99; // a caller mutated the cached object: its key no longer finds it by search
    view.update("a/x", o, undefined);
    expect(ids(view.get(() => s.entries()))).not.toContain("a/x");
  });
});

describe("pageOfSorted", () => {
  const many: Obj[] = Array.from({ length: 230 }, (_, i) => ({ ns: i % 2 ? "odd" : "even", name: `v${String(i).padStart(3, "0")}`, size: i % 7 }));
  const view = new SortedView<Obj>({ key: (o) => o.size });
  const entries = view.get(() => store(many).entries());

  it("cuts the same page as filtering and sorting every row", () => {
    for (const dir of ["asc", "desc"] as const) {
      for (const page of [1, 2, 5]) {
        const fresh = runQuery(many.filter((o) => o.ns === "odd"), { q: "v1", sort: "size", dir, page, size: 25 }, spec);
        const got = pageOfSorted(entries, { dir, page, size: 25, keep: (o) => o.ns === "odd", q: "V1", text: idOf });
        expect(got.items.map(idOf)).toEqual(fresh.items.map(idOf));
        expect([got.total, got.page, got.pages]).toEqual([fresh.total, fresh.page, fresh.pages]);
      }
    }
  });

  it("shows the last page for a page past the end, and one empty page when nothing matches", () => {
    const past = pageOfSorted(entries, { dir: "asc", page: 99, size: 50 });
    expect([past.page, past.pages, past.items.length, past.total]).toEqual([5, 5, 30, 230]);
    const none = pageOfSorted(entries, { dir: "asc", page: 3, size: 50, q: "zzz", text: idOf });
    expect([none.page, none.pages, none.items.length, none.total]).toEqual([1, 1, 0, 0]);
  });
});

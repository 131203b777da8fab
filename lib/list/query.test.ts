import { describe, expect, it } from "vitest";
import { listParams, pageOf, parseListQuery, runQuery, type ListSpec } from "./query";
import { volumeSpec } from "./specs";
import type { PersistentVolumeRow } from "@/lib/k8s/persistent-volumes";

interface Row {
  ns: string;
  name: string;
  size: number | undefined;
}
const spec: ListSpec<Row, "name" | "size"> = {
  text: (r) => `${r.ns}/${r.name}`,
  keys: { name: (r) => r.name, size: (r) => r.size },
  id: (r) => `${r.ns}/${r.name}`,
};
const rows: Row[] = [
  { ns: "b", name: "db", size: 5 },
  { ns: "a", name: "db", size: 5 },
  { ns: "a", name: "cache", size: undefined },
  { ns: "a", name: "logs", size: 20 },
];

describe("parseListQuery", () => {
  it("reads known values and falls back on anything else", () => {
    expect(parseListQuery({ sort: "size", dir: "desc", page: "3", size: "100", q: "  db " }, ["name", "size"], { sort: "name" })).toEqual({
      q: "db",
      sort: "size",
      dir: "desc",
      page: 3,
      size: 100,
    });
    expect(parseListQuery({ sort: "evil", dir: "up", page: "-2", size: "7" }, ["name", "size"], { sort: "name", dir: "desc" })).toEqual({
      q: "",
      sort: "name",
      dir: "desc",
      page: 1,
      size: 50,
    });
  });

  it("reads a second list's state under its prefix", () => {
    const q = parseListQuery({ sort: "size", "pods.sort": "name", "pods.page": "2" }, ["name", "size"], { sort: "size" }, "pods.");
    expect(q).toMatchObject({ sort: "name", page: 2 });
  });

  it("round-trips through listParams, leaving defaults out of the URL", () => {
    expect(listParams({ q: "", sort: "name", dir: "asc", page: 1, size: 50 }, { sort: "name" })).toEqual({ q: undefined, sort: undefined, dir: undefined, page: undefined, size: undefined });
    const p = listParams({ q: "x", sort: "size", dir: "desc", page: 4, size: 25 }, { sort: "name" }, "pods.");
    const back = parseListQuery(p, ["name", "size"], { sort: "name" }, "pods.");
    expect(back).toEqual({ q: "x", sort: "size", dir: "desc", page: 4, size: 25 });
  });
});

describe("runQuery", () => {
  it("filters, sorts with a stable tie-breaker and counts the total", () => {
    const r = runQuery(rows, { q: "DB".toLowerCase(), sort: "size", dir: "asc", page: 1, size: 50 }, spec);
    expect(r.items.map((x) => `${x.ns}/${x.name}`)).toEqual(["a/db", "b/db"]);
    expect(r.total).toBe(2);
  });

  it("sorts missing values first ascending and last descending", () => {
    const up = runQuery(rows, { q: "", sort: "size", dir: "asc", page: 1, size: 50 }, spec).items.map((x) => x.name);
    const down = runQuery(rows, { q: "", sort: "size", dir: "desc", page: 1, size: 50 }, spec).items.map((x) => x.name);
    expect(up).toEqual(["cache", "db", "db", "logs"]);
    expect(down[0]).toBe("logs");
    expect(down.at(-1)).toBe("cache");
  });

  it("cuts one page and clamps an out-of-range page to the last", () => {
    const r = runQuery(rows, { q: "", sort: "name", dir: "asc", page: 9, size: 3 }, spec);
    expect(r).toMatchObject({ page: 2, pages: 2, total: 4, size: 3 });
    expect(r.items).toHaveLength(1);
  });

  it("orders volumes by capacity as quantities, not as text", () => {
    const pv = (name: string, capacity: string) => ({ name, capacity }) as unknown as PersistentVolumeRow;
    const r = runQuery([pv("x", "10Gi"), pv("y", "2Gi"), pv("z", "500Mi")], { q: "", sort: "capacity", dir: "asc", page: 1, size: 50 }, volumeSpec);
    expect(r.items.map((c) => c.name)).toEqual(["z", "y", "x"]);
  });
});

describe("pageOf", () => {
  it("clamps the page and slices", () => {
    const all = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(all, 3, 50)).toMatchObject({ page: 3, pages: 3, items: all.slice(100), total: 120 });
    expect(pageOf(all, Number.NaN, 50).page).toBe(1);
    expect(pageOf([], 1, 50)).toEqual({ items: [], page: 1, pages: 1, total: 0, size: 50 });
  });
});

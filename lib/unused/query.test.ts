import { describe, expect, it } from "vitest";
import { facets, filterFindings, paginate, sortFindings, totals } from "./query";
import { toCsv } from "./csv";
import type { Finding } from "./types";
import { cleanupSchema, parseReviewQuery, queryString } from "@/lib/validations/unused";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

function f(id: string, o: Partial<Finding>): Finding {
  return {
    id,
    kind: "PersistentVolumeClaim",
    namespace: "team-a",
    name: id,
    uid: `u-${id}`,
    resourceVersion: "1",
    reason: "claim-unmounted",
    detail: "",
    since: new Date(NOW - DAY).toISOString(),
    sinceSource: "created",
    capacity: "1Gi",
    bytes: 2 ** 30,
    storageClass: "fast",
    volumeName: undefined,
    reclaimPolicy: "Delete",
    formerClaim: undefined,
    createdAt: undefined,
    ...o,
  };
}

const items = [
  f("a", { namespace: "team-a", storageClass: "fast", bytes: 10, since: new Date(NOW - 10 * DAY).toISOString() }),
  f("b", { namespace: "team-b", storageClass: "slow", bytes: 30, reason: "pv-released" }),
  f("c", { namespace: "team-b", storageClass: "fast", bytes: 20, since: undefined }),
];
const noFilter = { reason: undefined, class: undefined, ns: undefined, olderThan: undefined };

describe("review query", () => {
  it("filters by namespace, class, reason and age", () => {
    expect(filterFindings(items, { ...noFilter, ns: "team-b" }, NOW).map((x) => x.id)).toEqual(["b", "c"]);
    expect(filterFindings(items, { ...noFilter, class: "fast", reason: "claim-unmounted" }, NOW).map((x) => x.id)).toEqual(["a", "c"]);
    // unknown since never counts as old
    expect(filterFindings(items, { ...noFilter, olderThan: 5 }, NOW).map((x) => x.id)).toEqual(["a"]);
  });

  it("totals capacity per class and namespace, with facets ignoring their own filter", () => {
    const t = totals(items, { ...noFilter, ns: "team-b" }, NOW);
    expect(t.count).toBe(2);
    expect(t.bytes).toBe(50);
    expect(t.byNamespace.map((b) => [b.key, b.count, b.bytes])).toEqual([["team-b", 2, 50], ["team-a", 1, 10]]);
    expect(t.byClass.map((b) => [b.key, b.bytes])).toEqual([["slow", 30], ["fast", 20]]);
    expect(t.byReason["pv-released"].count).toBe(1);
    expect(t.byReason["claim-unmounted"].count).toBe(1);
  });

  it("sorts stably and pages", () => {
    expect(sortFindings(items, "capacity", "desc").map((x) => x.id)).toEqual(["b", "c", "a"]);
    expect(sortFindings(items, "since", "asc").map((x) => x.id)).toEqual(["a", "b", "c"]);
    const p = paginate(sortFindings(items, "name", "asc"), 2, 2);
    expect(p).toMatchObject({ total: 3, page: 2, pages: 2 });
    expect(p.rows.map((x) => x.id)).toEqual(["c"]);
    expect(paginate(items, 99, 2).page).toBe(2);
  });
});

describe("URL parameters", () => {
  it("parses valid values and falls back with a message on bad ones", () => {
    const { query, errors } = parseReviewQuery({ reason: "pv-released", pending: "30m", olderThan: "x", size: "7", page: "3", sort: "capacity", dir: "desc" });
    expect(query).toMatchObject({ reason: "pv-released", pending: "30m", pendingMs: 1_800_000, olderThan: undefined, size: 50, page: 3, sort: "capacity", dir: "desc" });
    expect(Object.keys(errors).sort()).toEqual(["olderThan", "size"]);
    expect(parseReviewQuery({ pending: "soon" }).errors.pending).toMatch(/duration/);
  });

  it("builds short links that drop defaults", () => {
    const { query } = parseReviewQuery({ ns: "team-a" });
    expect(queryString(query, { page: 2 })).toBe("?ns=team-a&page=2");
    expect(queryString(query, { ns: undefined })).toBe("");
  });
});

describe("cleanup confirmation", () => {
  const item = { id: "pvc:team-a/x", uid: "u", resourceVersion: "5" };
  it("accepts the word delete or the count, nothing else", () => {
    expect(cleanupSchema.safeParse({ items: [item, { ...item, id: "pv:y" }], confirm: "delete", retain: false }).success).toBe(true);
    expect(cleanupSchema.safeParse({ items: [item, { ...item, id: "pv:y" }], confirm: " 2 ", retain: false }).success).toBe(true);
    const bad = cleanupSchema.safeParse({ items: [item], confirm: "yes", retain: false });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["confirm"]);
  });
  it("rejects malformed ids and missing preconditions", () => {
    expect(cleanupSchema.safeParse({ items: [{ ...item, id: "secret:x" }], confirm: "delete", retain: false }).success).toBe(false);
    expect(cleanupSchema.safeParse({ items: [{ ...item, resourceVersion: "" }], confirm: "delete", retain: false }).success).toBe(false);
  });
});

describe("CSV export", () => {
  it("quotes separators and defuses spreadsheet formulas", () => {
    const csv = toCsv([f("x", { detail: 'Pending: "a", b', name: "=cmd" })]);
    const [header, line] = csv.trim().split("\r\n");
    expect(header?.startsWith("kind,namespace,name,reason")).toBe(true);
    expect(line).toContain(`'=cmd`);
    expect(line).toContain(`"Pending: ""a"", b"`);
  });
});

describe("facets", () => {
  it("lists each class and namespace once, sorted, from findings and kept objects (cluster-scoped PVs add no namespace)", () => {
    const findings = [f("a", { storageClass: "slow", namespace: "team-b" }), f("b", { storageClass: "fast" })];
    const kept = [f("c", { kind: "PersistentVolume", namespace: undefined, storageClass: "archive" }), f("d", { storageClass: "fast", namespace: "team-a" })];
    expect(facets(findings, kept)).toEqual({ classes: ["archive", "fast", "slow"], namespaces: ["team-a", "team-b"] });
    expect(facets()).toEqual({ classes: [], namespaces: [] });
  });
});

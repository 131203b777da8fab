import { afterAll, describe, expect, it } from "vitest";
import { request } from "@/lib/k8s/rest";
import { createClaim, queryClaims } from "@/lib/k8s/persistent-volume-claims";
import { queryPods } from "@/lib/k8s/pods";
import { claimManifest } from "@/lib/validations/claim";
import type { ListQuery } from "@/lib/list/query";
import type { ClaimSort, PodSort } from "@/lib/list/specs";
import { bob, john, podBody, remove, suffix, until } from "./helpers-flow";

// The claims and pods lists walk sort orders the watch cache keeps between requests
// (lib/list/sorted.ts): the order must follow real watch events (add, change, delete) and
// the person's scope, exactly as a fresh sort of the cache would.

const s = suffix();
const cleanup: string[] = [];
afterAll(async () => {
  for (const p of cleanup.reverse()) await remove(p);
});
const PVC = (ns: string, n: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims/${n}`;
const q = <S extends string>(sort: S, dir: "asc" | "desc", extra: Partial<ListQuery<S>> = {}): ListQuery<S> => ({ q: s, sort, dir, page: 1, size: 25, ...extra });
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

async function claim(ns: string, name: string, size: string, as = bob) {
  // No such class: the claims stay Pending, their size is the request.
  await createClaim(as, ns, claimManifest({ namespace: ns, name, size, accessMode: "ReadWriteOnce", volumeMode: "Filesystem", storageClass: `int-sorted-none-${s}` }));
  cleanup.push(PVC(ns, name));
}

describe("claims sorted in the watch cache", () => {
  const a = `int-sort-a-${s}`;
  const b = `int-sort-b-${s}`;
  const c = `int-sort-c-${s}`;
  const other = `int-sort-x-${s}`;

  it("orders by size both ways, pages, and keeps to the person's namespaces", async () => {
    await claim("team-a", a, "3Gi");
    await claim("team-a", b, "1Gi");
    await claim("team-a", c, "2Gi");
    await claim("team-b", other, "5Gi", john);
    // Built once the first time a sort is asked for (the cache may not hold them all yet).
    await until("cached", async () => (await queryClaims(john, undefined, q<ClaimSort>("size", "asc"))).total === 4);
    expect(names((await queryClaims(bob, ["team-a", "team-b"], q<ClaimSort>("size", "desc"))).items)).toEqual([a, c, b]);
    expect(names((await queryClaims(bob, undefined, q<ClaimSort>("size", "asc"))).items)).toEqual([b, c, a]);
    expect(names((await queryClaims(john, undefined, q<ClaimSort>("size", "desc"))).items)).toEqual([other, a, c, b]);
    const p2 = await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "asc", { size: 2, page: 2 }));
    expect({ items: names(p2.items), total: p2.total, pages: p2.pages }).toEqual({ items: [a], total: 3, pages: 2 });
    // A page past the end shows the last one.
    expect(names((await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "asc", { size: 2, page: 9 }))).items)).toEqual([a]);
  });

  it("follows changes: a label change keeps the place, a delete leaves the order", async () => {
    await request({ method: "PATCH", path: PVC("team-a", c), as: bob, contentType: "application/merge-patch+json", body: { metadata: { labels: { touched: "yes" } } } });
    await until("label seen", async () => (await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "asc"))).items.find((r) => r.name === c)?.labels.touched === "yes");
    expect(names((await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "asc"))).items)).toEqual([b, c, a]);
    await remove(PVC("team-a", c));
    await until("deleted", async () => (await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "desc"))).total === 2);
    expect(names((await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "desc"))).items)).toEqual([a, b]);
    expect(names((await queryClaims(bob, ["team-a"], q<ClaimSort>("name", "desc"))).items)).toEqual([b, a]);
    await claim("team-a", c, "10Gi");
    await until("re-created", async () => (await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "desc"))).items[0]?.name === c);
    expect(names((await queryClaims(bob, ["team-a"], q<ClaimSort>("size", "asc"))).items)).toEqual([b, a, c]);
  });
});

describe("pods sorted in the watch cache", () => {
  it("orders by name, searches and follows deletes, only in the person's namespaces", async () => {
    const base = `int-sort-pvc-${s}`;
    await claim("team-a", base, "1Gi");
    const pods = [`int-sort-p2-${s}`, `int-sort-p1-${s}`, `int-sort-p3-${s}`];
    for (const p of pods) {
      await request({ method: "POST", path: "/api/v1/namespaces/team-a/pods", as: bob, body: podBody(p, base) });
      cleanup.push(`/api/v1/namespaces/team-a/pods/${p}`);
    }
    const sorted = [...pods].sort();
    await until("pods cached", async () => (await queryPods(bob, ["team-a"], q<PodSort>("name", "asc"))).total === 3);
    expect(names((await queryPods(bob, ["team-a"], q<PodSort>("name", "asc"))).items)).toEqual(sorted);
    expect(names((await queryPods(bob, ["team-a"], q<PodSort>("namespace", "desc"))).items)).toEqual([...sorted].reverse());
    expect((await queryPods(bob, ["team-b"], q<PodSort>("name", "asc"))).total).toBe(0);
    expect(names((await queryPods(john, ["team-a", "team-b"], q<PodSort>("name", "asc", { q: `p3-${s}` }))).items)).toEqual([pods[2]]);
    await remove(`/api/v1/namespaces/team-a/pods/${pods[1]}`);
    await until("pod gone", async () => (await queryPods(bob, ["team-a"], q<PodSort>("name", "asc"))).total === 2);
    expect(names((await queryPods(bob, ["team-a"], q<PodSort>("name", "asc"))).items)).toEqual([pods[0], pods[2]]);
  });
});

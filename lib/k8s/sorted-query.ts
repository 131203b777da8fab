import "server-only";
import { informer } from "./informers";
import type { ResourceKey } from "./resources";
import type { KubeObject } from "./types";
import type { ListPage, ListQuery } from "@/lib/list/query";
import { pageOfSorted, type CachedListSpec, type SortedEntry } from "@/lib/list/sorted";

/** The cached objects of a type in a list's sort order (ascending), kept sorted between requests. */
export async function sortedCache<T extends KubeObject, S extends string>(key: ResourceKey, spec: CachedListSpec<T, S>, sort: S): Promise<readonly SortedEntry<T>[]> {
  const inf = informer<T>(key);
  await inf.waitForSync();
  return inf.sorted(`${spec.name}:${sort}`, spec.keys[sort]);
}

/**
 * One page of a cached type: walks the kept sort order with the filters and returns the page's
 * objects only (the caller turns those into rows), so a deep sorted page costs no sort.
 */
export async function queryCached<T extends KubeObject, S extends string>(
  key: ResourceKey,
  spec: CachedListSpec<T, S>,
  query: ListQuery<S>,
  keep?: (o: T) => boolean,
): Promise<ListPage<T>> {
  const entries = await sortedCache(key, spec, query.sort);
  return pageOfSorted(entries, { dir: query.dir, page: query.page, size: query.size, keep, q: query.q, text: spec.text });
}

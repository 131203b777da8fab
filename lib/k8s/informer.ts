import "server-only";
import { createInterface } from "node:readline";
import { open, request } from "./rest";
import { collectionPath, type ResourceType } from "./resources";
import { objectKey, type KubeList, type KubeObject } from "./types";
import { K8sError } from "./errors";
import { metrics } from "@/lib/metrics";
import type { IndexFn, Projector } from "./projections";
import { SortedView, type SortedEntry, type SortKeyProvider } from "@/lib/list/sorted";
import { yieldToOthers } from "@/lib/runtime/sliced";

/**
 * Watch events handled before page requests get a turn. readline hands every buffered line to
 * the loop below in microtasks, so a backlog (thousands of event changes after a busy moment)
 * was one long task that page requests waited behind.
 */
const WATCH_SLICE_MS = 8;

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";
export interface Change<T> {
  type: ChangeType;
  object: T;
  /** Server time the change reached the portal (ms), for latency measurements. */
  at: number;
  /** The cached object this one replaced (MODIFIED), e.g. to see which subjects a binding lost. */
  old?: T;
}
type Listener<T> = (change: Change<T>) => void;

const PAGE_SIZE = 500;
const WATCH_TIMEOUT_S = 240;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 15_000;

class Gone extends Error {}

/** Full jitter: a random wait in [0, min(cap, base * 2^attempt)]. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** attempt);
  return Math.max(BACKOFF_MIN_MS / 2, Math.floor(random() * ceiling));
}

export function stripObject<T extends KubeObject>(o: T): T {
  if (o.metadata.managedFields) delete o.metadata.managedFields;
  const ann = o.metadata.annotations;
  // The last-applied copy doubles an object's size and is never shown.
  if (ann?.["kubectl.kubernetes.io/last-applied-configuration"]) {
    delete ann["kubectl.kubernetes.io/last-applied-configuration"];
  }
  return o;
}

/**
 * One list+watch of a resource type for the whole process: paged initial list, watch with
 * bookmarks, relist on 410 Gone, capped jittered backoff on failures.
 */
export class SharedInformer<T extends KubeObject> {
  private store = new Map<string, T>();
  /** index name -> value -> keys of the objects with that value (kept in step with the store). */
  private indexes = new Map<string, Map<string, Set<string>>>();
  private listeners = new Set<Listener<T>>();
  /** Sort orders pages asked for, kept sorted across changes (see lib/list/sorted). */
  private views = new Map<string, SortedView<T>>();
  private resourceVersion: string | undefined;
  private started = false;
  private stopped = false;
  private abort: AbortController | undefined;
  private syncWaiters: (() => void)[] = [];
  synced = false;
  connected = false;
  lastSyncAt: number | undefined;
  lastError: string | undefined;
  /** Count of watch requests opened, for the "one watch per type" benchmark. */
  watchesOpened = 0;

  /**
   * `project` cuts each object down to what the portal reads before it is stored (the cache
   * holds fields, not whole objects); `indexers` name lookups kept up to date per event.
   * Namespaced types always get a "namespace" index.
   */
  constructor(
    readonly type: ResourceType,
    private readonly project: Projector = stripObject,
    private readonly indexers: Record<string, IndexFn> = {},
  ) {
    if (type.namespaced) this.indexers = { namespace: (o: KubeObject) => [o.metadata.namespace ?? ""], ...indexers };
    for (const name of Object.keys(this.indexers)) this.indexes.set(name, new Map());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  /** Resolves once the first full list is in (or after timeoutMs, with what there is). */
  waitForSync(timeoutMs = 10_000): Promise<void> {
    this.start();
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.syncWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  list(): T[] {
    return [...this.store.values()];
  }

  get(name: string, namespace?: string): T | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  get size(): number {
    return this.store.size;
  }

  /** Objects whose index `name` has `value` (e.g. pods by claim), without scanning the type. */
  byIndex(name: string, value: string): T[] {
    const keys = this.indexes.get(name)?.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) {
      const o = this.store.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  /**
   * Every object in the order of a sort key, kept between requests: built the first time this
   * `name` is asked for, then updated per change. Pages walk it and convert only their rows.
   */
  sorted(name: string, provider: SortKeyProvider<T>): readonly SortedEntry<T>[] {
    let v = this.views.get(name);
    if (!v) this.views.set(name, (v = new SortedView(provider)));
    return v.get(() => this.store.entries());
  }

  /** The values an index currently has (e.g. every namespace with pods). */
  indexValues(name: string): string[] {
    return [...(this.indexes.get(name)?.keys() ?? [])];
  }

  private index(key: string, o: T, add: boolean): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const idx = this.indexes.get(name)!;
      for (const v of fn(o)) {
        let keys = idx.get(v);
        if (add) {
          if (!keys) idx.set(v, (keys = new Set()));
          keys.add(key);
        } else if (keys) {
          keys.delete(key);
          if (keys.size === 0) idx.delete(v);
        }
      }
    }
  }

  private put(key: string, o: T): T | undefined {
    const old = this.store.get(key);
    if (old) this.index(key, old, false);
    this.store.set(key, o);
    this.index(key, o, true);
    for (const v of this.views.values()) v.update(key, old, o);
    return old;
  }

  private remove(key: string): T | undefined {
    const old = this.store.get(key);
    if (!old) return undefined;
    this.index(key, old, false);
    this.store.delete(key);
    for (const v of this.views.values()) v.update(key, old, undefined);
    return old;
  }

  subscribe(listener: Listener<T>): () => void {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(type: ChangeType, object: T, old?: T): void {
    const change = { type, object, at: Date.now(), old };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // A broken subscriber must not stop the watch for everyone else.
      }
    }
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        attempt = 0;
        await this.watch();
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof Gone) {
          this.resourceVersion = undefined; // history compacted: start over from a list
          continue;
        }
        this.connected = false;
        metrics.watchRestarts().inc({ type: this.type.key });
        this.lastError = err instanceof Error ? err.message : String(err);
        await sleep(backoffDelay(attempt++));
      }
    }
  }

  private async relist(): Promise<void> {
    metrics.watchRelists().inc({ type: this.type.key });
    const fresh = new Map<string, T>();
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await request<KubeList<T>>({
        path: collectionPath(this.type),
        query: { limit: PAGE_SIZE, continue: cont },
      });
      for (const item of page.items) {
        const o = this.project(item) as T;
        fresh.set(objectKey(o), o);
      }
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont);
    const old = this.store;
    this.store = fresh;
    for (const idx of this.indexes.values()) idx.clear();
    for (const [key, o] of fresh) this.index(key, o, true);
    for (const v of this.views.values()) v.invalidate();
    this.resourceVersion = rv;
    this.markSynced();
    for (const [key, o] of fresh) {
      const prev = old.get(key);
      if (!prev) this.emit("ADDED", o);
      else if (prev.metadata.resourceVersion !== o.metadata.resourceVersion) this.emit("MODIFIED", o, prev);
    }
    for (const [key, o] of old) if (!fresh.has(key)) this.emit("DELETED", o);
  }

  private markSynced(): void {
    this.synced = true;
    this.connected = true;
    this.lastSyncAt = Date.now();
    this.lastError = undefined;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private async watch(): Promise<void> {
    this.abort = new AbortController();
    this.watchesOpened++;
    const res = await open({
      path: collectionPath(this.type),
      query: {
        watch: 1,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: WATCH_TIMEOUT_S,
      },
      signal: this.abort.signal,
    });
    if (res.statusCode === 410) {
      discard(res);
      throw new Gone();
    }
    if (res.statusCode !== 200) {
      discard(res);
      throw new K8sError("unavailable", res.statusCode ?? 0, `watch answered ${res.statusCode}`);
    }
    this.connected = true;
    const lines = createInterface({ input: res, crlfDelay: Infinity });
    // readline re-emits the response's errors on the interface; once the loop below has left
    // (ERROR event, 410) nobody listens, and a connection reset (apiserver restart) would be an
    // uncaught exception. Keep a listener for the life of the response.
    let broken: Error | undefined;
    lines.on("error", (err) => {
      broken = err;
      lines.close();
    });
    await eachLine(lines, (line) => {
      if (!line.trim()) return;
      const ev = JSON.parse(line) as { type: string; object: T & { code?: number } };
      if (ev.type === "ERROR") {
        if (ev.object.code === 410) throw new Gone();
        throw new Error(`watch error ${ev.object.code ?? ""}`);
      }
      if (ev.object.metadata?.resourceVersion) this.resourceVersion = ev.object.metadata.resourceVersion;
      this.lastSyncAt = Date.now();
      if (ev.type === "BOOKMARK") return;
      const o = this.project(ev.object) as T;
      const key = objectKey(o);
      const old = ev.type === "DELETED" ? this.remove(key) : this.put(key, o);
      this.emit(ev.type as ChangeType, o, ev.type === "MODIFIED" ? old : undefined);
    });
    if (broken) throw new K8sError("unavailable", 0, `watch connection lost: ${broken.message}`);
    // A clean end (server timeout) just means: watch again from the last resourceVersion.
  }
}

/** Hands each line to `handle` in order, letting other work (page requests) run every `sliceMs`. */
export async function eachLine(lines: AsyncIterable<string>, handle: (line: string) => void, sliceMs = WATCH_SLICE_MS): Promise<void> {
  let sliceStart = performance.now();
  for await (const line of lines) {
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToOthers();
      sliceStart = performance.now();
    }
    handle(line);
  }
}

/** Drains an answer we do not read; a reset while draining must not become an uncaught error. */
function discard(res: NodeJS.ReadableStream): void {
  res.on("error", () => {});
  res.resume();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

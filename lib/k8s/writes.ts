import "server-only";
import { request } from "./rest";
import { RESOURCES, collectionPath, objectPath, type ResourceKey } from "./resources";
import type { Identity } from "./identity";

const FIELD_MANAGER = "bindery";

interface WriteOptions {
  /** Writes always carry the person's identity: the apiserver's RBAC and admission decide. */
  as: Identity;
  namespace?: string;
  dryRun?: boolean;
}

function query(opts: WriteOptions): Record<string, string | undefined> {
  return { fieldManager: FIELD_MANAGER, dryRun: opts.dryRun ? "All" : undefined };
}

export function createObject<T>(key: ResourceKey, body: T, opts: WriteOptions): Promise<T> {
  return request<T>({ method: "POST", path: collectionPath(RESOURCES[key], opts.namespace), body, query: query(opts), as: opts.as });
}

/** Full replace; the body's resourceVersion makes a stale edit fail with 409 instead of overwriting. */
export function replaceObject<T>(key: ResourceKey, name: string, body: T, opts: WriteOptions): Promise<T> {
  return request<T>({ method: "PUT", path: objectPath(RESOURCES[key], name, opts.namespace), body, query: query(opts), as: opts.as });
}

export function patchObject<T>(
  key: ResourceKey,
  name: string,
  patch: unknown,
  opts: WriteOptions & { type?: "merge" | "json" | "strategic"; subresource?: string },
): Promise<T> {
  const contentType = {
    merge: "application/merge-patch+json",
    json: "application/json-patch+json",
    strategic: "application/strategic-merge-patch+json",
  }[opts.type ?? "merge"];
  const sub = opts.subresource ? `/${opts.subresource}` : "";
  return request<T>({
    method: "PATCH",
    path: objectPath(RESOURCES[key], name, opts.namespace) + sub,
    body: patch,
    contentType,
    query: query(opts),
    as: opts.as,
  });
}

export function deleteObject<T = unknown>(
  key: ResourceKey,
  name: string,
  opts: WriteOptions & { preconditions?: { uid?: string; resourceVersion?: string }; propagationPolicy?: "Foreground" | "Background" | "Orphan" },
): Promise<T> {
  return request<T>({
    method: "DELETE",
    path: objectPath(RESOURCES[key], name, opts.namespace),
    query: { dryRun: opts.dryRun ? "All" : undefined },
    body: {
      apiVersion: "v1",
      kind: "DeleteOptions",
      // With a body, the apiserver reads the options from it and ignores ?dryRun: without
      // this line a "dry-run" delete really deletes.
      dryRun: opts.dryRun ? ["All"] : undefined,
      preconditions: opts.preconditions,
      propagationPolicy: opts.propagationPolicy ?? "Background",
    },
    as: opts.as,
  });
}

/** A fresh read from the apiserver (not the cache), e.g. to reload after a 409. */
export function readObject<T>(key: ResourceKey, name: string, opts: { as?: Identity; namespace?: string }): Promise<T> {
  return request<T>({ path: objectPath(RESOURCES[key], name, opts.namespace), as: opts.as });
}

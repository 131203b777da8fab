import "server-only";
import https from "node:https";
import http from "node:http";
import type { IncomingMessage } from "node:http";
import { apiServerUrl, kubeConfig } from "./config";
import { K8sError, fromStatus, type K8sStatus } from "./errors";
import type { Identity } from "./identity";
import { nameProblem } from "@/lib/auth/names";
import { apiCall } from "./api-metrics";

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Act as this person (impersonation); absent means the portal's own identity. */
  as?: Identity;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Impersonation headers as a flat raw-header list. Each group must be its own
 * Impersonate-Group header: fetch-style header maps join repeats with ", ", which the
 * apiserver reads as one group named "a, b". A name that would not arrive byte for byte
 * (non-ASCII, control characters, surrounding spaces) or that is reserved (`system:`) is
 * refused here, never re-encoded: what access reviews checked must be what the apiserver gets.
 */
export function impersonationHeaders(as: Identity | undefined): string[] {
  if (!as) return [];
  const raw = ["Impersonate-User", as.user];
  for (const g of as.groups) raw.push("Impersonate-Group", g);
  for (let i = 1; i < raw.length; i += 2) {
    if (nameProblem(raw[i]!)) {
      throw new K8sError("forbidden", 0, "Your identity cannot be passed to the cluster unchanged, so nothing was sent. Sign in again.");
    }
  }
  return raw;
}

export function buildUrl(path: string, query: RequestOptions["query"]): URL {
  const url = new URL(apiServerUrl() + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url;
}

/** Opens a request and resolves with the response stream (any status). */
export async function open(opts: RequestOptions): Promise<IncomingMessage> {
  const url = buildUrl(opts.path, opts.query);
  const impersonate = impersonationHeaders(opts.as); // refuses before any connection is made
  const tls: https.RequestOptions = {};
  await kubeConfig().applyToHTTPSOptions(tls);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  // A raw header list gets no defaults from Node, so Host is ours to send.
  const headers: string[] = ["Host", url.host, "Accept", "application/json"];
  for (const [k, v] of Object.entries((tls.headers ?? {}) as Record<string, string>)) {
    headers.push(k, v);
  }
  if (payload !== undefined) {
    headers.push("Content-Type", opts.contentType ?? "application/json");
    headers.push("Content-Length", String(Buffer.byteLength(payload)));
  }
  headers.push(...impersonate);
  const lib = url.protocol === "http:" ? http : https;
  const call = apiCall(opts.method, opts.query, opts.as);
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { ...tls, method: opts.method ?? "GET", headers, signal: opts.signal }, (res) => {
      call.answered(res.statusCode ?? 0);
      resolve(res);
    });
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error("timeout")));
    }
    req.on("error", (err) => {
      call.failed(err, opts.signal?.aborted === true);
      if (opts.signal?.aborted) reject(err);
      else reject(new K8sError("unavailable", 0, "The cluster cannot be reached right now."));
    });
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON request; non-2xx answers become typed K8sErrors. */
export async function request<T>(opts: RequestOptions): Promise<T> {
  const res = await open({ timeoutMs: 30_000, ...opts });
  const text = await readBody(res);
  const status = res.statusCode ?? 0;
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (status < 200 || status >= 300) throw fromStatus(status, parsed as K8sStatus | undefined);
  return parsed as T;
}

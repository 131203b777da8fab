import "server-only";

/** A Kubernetes Status object, as the apiserver returns it on failure. */
export interface K8sStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export type K8sErrorKind =
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "already-exists"
  | "invalid"
  | "unavailable"
  | "unknown";

/**
 * An apiserver failure reduced to what is safe to show: a plain message and, for 422s,
 * messages per field path (e.g. "spec.resources.requests.storage").
 */
export class K8sError extends Error {
  constructor(
    readonly kind: K8sErrorKind,
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = "K8sError";
  }
}

const SAFE: Record<K8sErrorKind, string> = {
  unauthorized: "The cluster did not accept the portal's credentials.",
  forbidden: "You are not allowed to do this in the cluster.",
  "not-found": "It no longer exists in the cluster.",
  conflict: "Someone changed this object while you were editing. Reload to see the latest version.",
  "already-exists": "An object with this name already exists.",
  invalid: "The cluster rejected the request.",
  unavailable: "The cluster cannot be reached right now. Try again in a moment.",
  unknown: "The cluster returned an unexpected error.",
};

function kindFor(status: number, reason?: string): K8sErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 409) return reason === "AlreadyExists" ? "already-exists" : "conflict";
  if (status === 422 || status === 400) return "invalid";
  if (status === 0 || status === 502 || status === 503 || status === 504) return "unavailable";
  return "unknown";
}

/**
 * Builds a typed error from an HTTP status and the Status body. Apiserver validation
 * and admission messages are about the user's own input, so they are kept; anything
 * else gets a fixed sentence.
 */
export function fromStatus(status: number, body: K8sStatus | undefined): K8sError {
  const kind = kindFor(status, body?.reason);
  const fieldErrors: Record<string, string> = {};
  for (const cause of body?.details?.causes ?? []) {
    if (cause.field && cause.message && !fieldErrors[cause.field]) {
      fieldErrors[cause.field] = cause.message;
    }
  }
  let message = SAFE[kind];
  if (kind === "invalid" || kind === "already-exists") {
    message = body?.message ? trimStatusMessage(body.message) : message;
  } else if (kind === "forbidden" && body?.message) {
    // Admission (quota, limit range) answers 403 with a message about the request itself.
    const m = body.message;
    if (/exceeded quota|maximum|minimum|forbidden: .*(storage|quota)/i.test(m) && !/cannot \w+ resource/.test(m)) {
      message = trimStatusMessage(m);
    }
  }
  return new K8sError(kind, status, message, fieldErrors);
}

/** Drops the 'Kind "name" is invalid:' prefix the apiserver puts in front of its message. */
function trimStatusMessage(message: string): string {
  return message.replace(/^[A-Za-z0-9.]+ "[^"]*" is invalid: /, "").slice(0, 500);
}

export function isK8sError(e: unknown): e is K8sError {
  return e instanceof K8sError;
}

/** The sentence to show a person for any thrown value, never raw exception text. */
export function safeMessage(e: unknown): string {
  return isK8sError(e) ? e.message : SAFE.unknown;
}

/**
 * Which user and group names the portal will send to Kubernetes. Pure: used by the sign-in
 * mapping (to refuse and explain) and by the request layer (to refuse rather than send).
 *
 * Why ASCII only: an impersonation header is bytes, a SubjectAccessReview is UTF-8 JSON, and
 * Go trims surrounding whitespace from header values. Only printable ASCII without surrounding
 * spaces is the same name in all three places, so the identity checked is the identity sent.
 */

export type NameProblem = "empty" | "whitespace" | "characters" | "reserved" | "too-long";

/** Kubernetes reserves `system:` for its own users and groups (nodes, controllers, masters). */
export const RESERVED_PREFIX = "system:";
const MAX_LENGTH = 253;

export function nameProblem(name: string): NameProblem | undefined {
  if (name.length === 0) return "empty";
  if (name.length > MAX_LENGTH) return "too-long";
  if (name.trim() !== name) return "whitespace";
  // Printable ASCII only (space to tilde): no control, format, non-ASCII or invisible characters.
  if (!/^[\x20-\x7e]+$/.test(name)) return "characters";
  if (name.toLowerCase().startsWith(RESERVED_PREFIX)) return "reserved";
  return undefined;
}

/** The sentence a person reads on the sign-in page. Never echoes the name itself. */
export const REFUSAL_MESSAGES: Record<NameProblem | "no-name" | "refresh-failed", string> = {
  empty: "Your identity provider sent an empty user or group name.",
  "too-long": "Your identity provider sent a user or group name longer than 253 characters.",
  whitespace: "Your identity provider sent a user or group name that starts or ends with a space.",
  characters:
    "Your identity provider sent a user or group name with characters Bindery cannot pass to Kubernetes unchanged (control characters, invisible characters or letters outside plain ASCII).",
  reserved:
    'Your identity provider sent a user or group name starting with "system:". Kubernetes reserves those names for its own components, so Bindery does not act as them.',
  "no-name": "Your identity provider did not send the claim Bindery uses as your user name.",
  "refresh-failed": "Your identity provider no longer confirms your sign-in or your groups changed in a way Bindery cannot use.",
};

export type RefusalReason = keyof typeof REFUSAL_MESSAGES;

export function isRefusalReason(s: string | undefined): s is RefusalReason {
  return s !== undefined && Object.hasOwn(REFUSAL_MESSAGES, s);
}

import { demoUsersEnabled, type Env } from "./demo-users";

const PLACEHOLDERS = [/change[-_ ]?me/i, /replace[-_ ]?me/i, /placeholder/i, /example/i, /your[-_ ]?secret/i, /^secret$/i, /^(.)\1*$/];

/**
 * Why NEXTAUTH_SECRET cannot protect sessions, or undefined when it can. Anyone who knows the
 * secret can mint a session for any name and groups, so outside demo mode a short or
 * well-known value stops the server instead of running with forgeable sessions.
 */
export function secretProblem(env: Env = process.env): string | undefined {
  if (demoUsersEnabled(env)) return undefined;
  const secret = env.NEXTAUTH_SECRET ?? "";
  if (!secret) return "NEXTAUTH_SECRET is not set.";
  if (Buffer.byteLength(secret, "utf8") < 32) return "NEXTAUTH_SECRET is shorter than 32 bytes.";
  if (PLACEHOLDERS.some((p) => p.test(secret))) return "NEXTAUTH_SECRET looks like a placeholder from an example.";
  return undefined;
}

import { createHash, timingSafeEqual } from "node:crypto";

/** Environment variables as a plain map (tests pass their own). */
export type Env = Record<string, string | undefined>;

/**
 * Demo identities for the local control plane only. They exist when BINDERY_DEMO_USERS=1,
 * which the README's start command and the tests set and a real deployment never does.
 */
export interface DemoUser {
  username: string;
  displayName: string;
  groups: string[];
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: "john", displayName: "John (cluster admin)", groups: ["bindery:admins"], description: "Defines storage classes and volumes" },
  { username: "bob", displayName: "Bob (developer, team-a)", groups: ["bindery:developers", "bindery:team-a"], description: "Requests volumes in team-a" },
  { username: "alice", displayName: "Alice (developer, team-b)", groups: ["bindery:developers", "bindery:team-b"], description: "Requests volumes in team-b" },
];

export function demoUsersEnabled(env: Env = process.env): boolean {
  return env.BINDERY_DEMO_USERS === "1";
}

export function demoPassword(env: Env = process.env): string {
  return env.BINDERY_DEMO_PASSWORD || "demo";
}

/** Compares digests so the time taken says nothing about how much of the password matched. */
function samePassword(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function findDemoUser(username: string, password: string, env: Env = process.env): DemoUser | undefined {
  if (!demoUsersEnabled(env) || !samePassword(password, demoPassword(env))) return undefined;
  return DEMO_USERS.find((u) => u.username === username);
}

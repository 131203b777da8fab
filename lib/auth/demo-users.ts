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

export function findDemoUser(username: string, password: string, env: Env = process.env): DemoUser | undefined {
  if (!demoUsersEnabled(env) || password !== demoPassword(env)) return undefined;
  return DEMO_USERS.find((u) => u.username === username);
}

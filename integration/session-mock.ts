import { vi } from "vitest";
import "./next-mocks";
import { john, submit, type FormAction, type Outcome } from "./support";

// The shared preamble of the integration tests that call server actions: the real actions
// run against the real cluster; only the Next.js request context is replaced — the session
// (whoever `call` is given) here, revalidatePath and redirect in ./next-mocks.
// Import this module before any lib/actions module.

const who = vi.hoisted(() => ({ user: "john", groups: ["bindery:admins"] as string[] }));

vi.mock("next-auth", async (orig) => ({
  ...(await orig<typeof import("next-auth")>()),
  getServerSession: async () => ({ user: { name: who.user, groups: who.groups } }),
}));

type Person = { user: string; groups: string[] };

/** The session every following action or route handler sees. */
export function signInAs(as: Person): void {
  who.user = as.user;
  who.groups = [...as.groups];
}

/** Calls a server action signed in as `as`. */
export function call(action: FormAction, values: Record<string, string | string[]>, as: Person = john): Promise<Outcome> {
  signInAs(as);
  return submit(action, values);
}

import path from "node:path";

export type Role = "john" | "bob" | "alice";
export const PASSWORD = "demo";

/** Where the signed-in browser state of each demo user is kept between tests. */
export function storageStateFor(user: Role): string {
  return path.join(__dirname, "..", ".auth", `${user}.json`);
}

import { vi } from "vitest";

// The Next.js request plumbing server actions use outside a request: revalidatePath does
// nothing and redirect throws (as Next does), so tests see where an action sends the person.
// Import this module before any lib/actions module.

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { redirectTo: url });
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

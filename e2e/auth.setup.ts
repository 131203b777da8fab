import { test as setup } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { storageStateFor, type Role } from "./support/users";

// Sign in once per role; the other tests reuse the saved browser state.
for (const user of ["john", "bob", "alice"] as Role[]) {
  setup(`sign in as ${user}`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.signIn(user);
    await signIn.expectSignedInAs(user);
    await page.context().storageState({ path: storageStateFor(user) });
  });
}

import { expect, type Page } from "@playwright/test";
import { PASSWORD, type Role } from "../support/users";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(user: Role, password = PASSWORD): Promise<void> {
    await this.page.goto("/signin");
    await this.page.getByRole("radio", { name: new RegExp(`^${user}`, "i") }).check();
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async expectSignedInAs(user: string): Promise<void> {
    await expect(this.page.getByTestId("signed-in-user")).toHaveText(user);
  }
}

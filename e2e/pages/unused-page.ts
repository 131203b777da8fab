import { expect, type Locator, type Page } from "@playwright/test";

/** The admin's unused-volume review: filters in the URL, selectable rows, reviewed cleanup. */
export class UnusedPage {
  constructor(private readonly page: Page) {}

  async open(params: Record<string, string> = {}): Promise<void> {
    const qs = new URLSearchParams(params).toString();
    await this.page.goto(`/admin/unused${qs ? `?${qs}` : ""}`);
    await expect(this.page.getByRole("heading", { name: "Unused volume review" })).toBeVisible();
  }

  row(id: string): Locator {
    return this.page.getByTestId(`unused-row-${id}`);
  }

  async select(id: string): Promise<void> {
    await this.row(id).getByRole("checkbox").check();
  }

  async reviewCleanup(count: number): Promise<Locator> {
    await this.page.getByRole("button", { name: `Review cleanup of ${count}` }).click();
    const dialog = this.page.getByRole("dialog", { name: "Cleanup preview" });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async confirm(text: string): Promise<void> {
    await this.page.getByLabel(/^Type delete or \d+ to confirm/).fill(text);
  }

  deleteButton(): Locator {
    return this.page.getByRole("button", { name: /^Delete \d+ objects?$/ });
  }

  results(): Locator {
    return this.page.getByTestId("cleanup-results");
  }

  async showKept(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: /^Kept/ }).click();
  }
}

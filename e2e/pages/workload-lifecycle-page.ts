import { expect, type Locator, type Page } from "@playwright/test";

/** Scale and delete confirmations for a workload, and the pages that follow a teardown. */
export class WorkloadLifecyclePage {
  constructor(private readonly page: Page) {}

  listRow(namespace: string, name: string): Locator {
    return this.page.getByTestId(`workload-row-${namespace}-${name}`);
  }

  planRow(claim: string): Locator {
    return this.page.getByTestId(`plan-claim-${claim}`);
  }

  async previewScale(replicas: number): Promise<void> {
    await this.page.getByLabel("Replicas").fill(String(replicas));
    await this.page.getByRole("button", { name: "Preview" }).click();
    // The page before the preview may still be in the DOM, hidden (Next keeps visited routes).
    await expect(this.page.getByTestId("scale-preview").filter({ visible: true })).toBeVisible();
  }

  async confirm(button: string | RegExp, acknowledge = true): Promise<void> {
    if (acknowledge) await this.page.locator('input[name="acknowledge"]').check();
    await this.page.getByRole("button", { name: button }).click();
  }

  teardownTitle(): Locator {
    return this.page.getByTestId("teardown-title");
  }

  step(id: string): Locator {
    return this.page.getByTestId(`flow-step-${id}`).first();
  }
}

import { expect, type Locator, type Page } from "@playwright/test";

/** The step-by-step flow of a claim or a workload. */
export class FlowPage {
  constructor(private readonly page: Page) {}

  step(id: string): Locator {
    return this.page.getByTestId(`flow-step-${id}`).first();
  }

  async expectStatus(id: string, status: string | RegExp, timeout = 45_000): Promise<void> {
    await expect(this.step(id)).toHaveAttribute("data-status", status, { timeout });
  }

  /** The steps appear in exactly this order (ignoring others). */
  async expectOrder(ids: string[]): Promise<void> {
    const orders: number[] = [];
    for (const id of ids) orders.push(Number(await this.step(id).getAttribute("data-order")));
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  }

  /** Every listed step is done and shows a time. */
  async expectAllDone(ids: string[]): Promise<void> {
    for (const id of ids) {
      await this.expectStatus(id, "done");
      await expect(this.step(id).locator("time")).toBeVisible();
    }
  }

  current(): Locator {
    return this.page.getByTestId("flow-current");
  }
}

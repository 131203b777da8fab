import { expect, type Locator, type Page } from "@playwright/test";

/** Bob's "Request a volume" form. */
export class RequestVolumePage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/request");
    await expect(this.page.getByRole("heading", { name: "Request a volume" })).toBeVisible();
  }

  async fill(v: { name: string; size: string; namespace?: string }): Promise<void> {
    if (v.namespace) await this.page.getByLabel("Namespace").selectOption(v.namespace);
    await this.page.getByLabel("Claim name").fill(v.name);
    await this.page.getByLabel("Size").fill(v.size);
  }

  async fromClass(name: string): Promise<void> {
    await this.page.getByLabel("New volume from a storage class").check();
    await this.classCard(name).click();
  }

  async fromVolume(name: string): Promise<void> {
    await this.page.getByLabel("An existing available volume").check();
    await this.page.getByLabel("Filter volumes").fill(name);
    await this.page.getByTestId(`volume-option-${name}`).click();
  }

  classCard(name: string): Locator {
    return this.page.getByTestId(`class-card-${name}`);
  }

  fieldError(field: string): Locator {
    return this.page.locator(`[data-field-error="${field}"]`);
  }

  yaml(): Locator {
    return this.page.getByTestId("yaml-preview");
  }

  async submit(): Promise<void> {
    await this.page.getByRole("button", { name: "Request volume" }).click();
  }
}

/** The "Request a workload" form. */
export class RequestWorkloadPage {
  constructor(private readonly page: Page) {}

  async template(name: "MySQL" | "Single container" | "StatefulSet"): Promise<void> {
    await this.page.getByRole("radio", { name }).check();
  }

  async fill(fields: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(fields))
      await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async attach(claim: string): Promise<void> {
    await this.page.getByLabel("Attach an existing claim").check();
    await this.page.getByLabel("Claim", { exact: true }).selectOption(claim);
  }

  async submit(): Promise<void> {
    await this.page.getByRole("button", { name: "Create workload" }).click();
  }
}

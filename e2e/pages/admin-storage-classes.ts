import { expect, type Locator, type Page } from "@playwright/test";

export interface ClassSpec {
  name: string;
  provisioner: string;
  bindingMode: "Immediate" | "WaitForFirstConsumer";
  reclaimPolicy?: "Delete" | "Retain";
  expansion?: boolean;
  description?: string;
  parameters?: Record<string, string>;
}

/** John's storage class pages: list, new, detail, edit, delete. */
export class AdminStorageClassesPage {
  constructor(private readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole("form", { name: "Storage class" });
  }

  get yaml(): Locator {
    return this.page.getByTestId("yaml-preview");
  }

  fieldError(name: string): Locator {
    return this.page.locator(`[data-field-error="${name}"]`);
  }

  async gotoList(): Promise<void> {
    await this.page.goto("/admin/storage-classes");
  }

  row(name: string): Locator {
    return this.page.getByTestId(`sc-row-${name}`);
  }

  async openNew(): Promise<void> {
    await this.page.goto("/admin/storage-classes/new");
    await expect(this.form).toBeVisible();
  }

  async fill(spec: ClassSpec): Promise<void> {
    await this.form.getByLabel("Name", { exact: true }).fill(spec.name);
    if (spec.description) await this.form.getByLabel("Description for developers").fill(spec.description);
    await this.form.getByLabel("Provisioner", { exact: true }).selectOption(spec.provisioner);
    for (const [i, [k, v]] of Object.entries(spec.parameters ?? {}).entries()) {
      if (i > 0) await this.form.getByRole("button", { name: "Add parameter" }).click();
      await this.form.getByLabel(`Parameters ${i + 1} key`).fill(k);
      await this.form.getByLabel(`Parameters ${i + 1} value`).fill(v);
    }
    await this.form.getByLabel("Reclaim policy", { exact: true }).selectOption(spec.reclaimPolicy ?? "Delete");
    await this.form.getByLabel("Volume binding mode", { exact: true }).selectOption(spec.bindingMode);
    const expansion = this.form.getByLabel(/Allow volume expansion/);
    if (spec.expansion) await expansion.check();
    else await expansion.uncheck();
  }

  async submit(label = "Create class"): Promise<void> {
    await this.form.getByRole("button", { name: label }).click();
  }

  async checkWithCluster(): Promise<void> {
    await this.form.getByRole("button", { name: "Check with the cluster" }).click();
  }

  async expectDetail(name: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/admin/storage-classes/${name}(\\?|$)`));
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}

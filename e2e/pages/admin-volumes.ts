import { expect, type Locator, type Page } from "@playwright/test";

export interface VolumeSpec {
  name: string;
  capacity: string;
  storageClass: string;
  hostPath: string;
  reclaimPolicy?: "Retain" | "Delete";
}

/** John's volume pages: list, new (with the match preview), detail, make-available, delete. */
export class AdminVolumesPage {
  constructor(private readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole("form", { name: "Persistent volume" });
  }

  get matchPreview(): Locator {
    return this.page.getByTestId("match-preview");
  }

  async openNew(): Promise<void> {
    await this.page.goto("/admin/volumes/new");
    await expect(this.form).toBeVisible();
  }

  async fill(spec: VolumeSpec): Promise<void> {
    await this.form.getByLabel("Name", { exact: true }).fill(spec.name);
    await this.form.getByLabel("Capacity").fill(spec.capacity);
    await this.form.getByLabel("ReadWriteOnce", { exact: true }).check();
    await this.form.getByLabel("Reclaim policy", { exact: true }).selectOption(spec.reclaimPolicy ?? "Retain");
    await this.form.getByLabel("Storage class").fill(spec.storageClass);
    await this.form.getByLabel(/Host path \(a directory/).check();
    await this.form.getByLabel("Path on the node").fill(spec.hostPath);
  }

  async expectLikelyClaim(namespace: string, name: string): Promise<void> {
    await expect(this.matchPreview.getByTestId(`match-${namespace}-${name}`)).toContainText("likely");
    await expect(this.matchPreview.getByTestId("likely-claim")).toContainText(`Most likely: ${namespace}/${name}`);
  }

  async submit(): Promise<void> {
    await this.form.getByRole("button", { name: "Create volume" }).click();
  }

  async gotoDetail(name: string): Promise<void> {
    await this.page.goto(`/admin/volumes/${name}`);
  }

  async expectPhase(phase: string): Promise<void> {
    await expect(this.page.getByTestId("pv-phase")).toHaveText(phase);
  }

  async makeAvailableAgain(): Promise<void> {
    await this.page.getByRole("link", { name: "Make available again" }).click();
    await expect(this.page.getByRole("note")).toContainText("The old data is still on this volume.");
    await this.page.getByLabel(/I understand the old data stays on the volume/).check();
    await this.page.getByRole("button", { name: "Make available again" }).click();
  }
}

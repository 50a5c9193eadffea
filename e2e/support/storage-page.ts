import { expect, type Locator, type Page } from "@playwright/test";

type Setting = "rawDays" | "rollup1mDays" | "rollup1hDays" | "rollup1dDays" | "compressAfterDays";

/** The project's storage settings page: retention in force and its form, per-day counts, storage per table. */
export class StoragePage {
  constructor(private readonly page: Page, private readonly projectId: string) {}

  /** Opens it the way people do: from the settings page. */
  async openFromSettings(): Promise<void> {
    await this.page.goto(`/projects/${this.projectId}/settings`);
    await this.page.getByRole("link", { name: "Storage and retention →" }).click();
    await expect(this.page).toHaveURL(new RegExp(`/projects/${this.projectId}/settings/storage$`));
    await expect(this.page.getByRole("heading", { name: "Storage", exact: true, level: 1 })).toBeVisible();
  }

  row(setting: Setting): Locator {
    return this.page.locator(`[data-testid="retention-row"][data-setting="${setting}"]`);
  }

  async expectInForce(setting: Setting, text: string, isDefault: boolean): Promise<void> {
    await expect(this.row(setting).getByTestId("retention-value")).toHaveText(text);
    await expect(this.row(setting).getByText("default", { exact: true })).toHaveCount(isDefault ? 1 : 0);
  }

  get form(): Locator {
    return this.page.getByRole("form", { name: "Change retention" });
  }

  async save(values: Partial<Record<Setting, string>>): Promise<void> {
    const labels: Record<Setting, string> = {
      rawDays: "Raw data (days)",
      rollup1mDays: "1-minute rollups (days)",
      rollup1hDays: "Hourly rollups (days)",
      rollup1dDays: "Daily rollups (days)",
      compressAfterDays: "Compress raw data after (days)",
    };
    for (const [setting, value] of Object.entries(values) as [Setting, string][]) await this.form.getByLabel(labels[setting]).fill(value);
    await this.form.getByRole("button", { name: "Save retention" }).click();
  }

  dailyRow(day: string): Locator {
    return this.page.locator(`[data-testid="daily-row"][data-day="${day}"]`);
  }
}

/**
 * Brings the rollups up to date now, straight in the test database (the e2e process gets
 * DATABASE_URL), as the app's storage upkeep would within a minute.
 */
export async function rollUpNow(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  const { refreshRollups } = await import("../../lib/storage/rollups/refresh-rollups");
  for (let i = 0; i < 120; i++) {
    if ((await refreshRollups()).status === "refreshed") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the rollups stayed locked for a minute");
}

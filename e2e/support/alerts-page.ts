import { expect, type Locator, type Page } from "@playwright/test";

/** Settings → Alerts: channels, rules and history. */
export class AlertsPage {
  constructor(private readonly page: Page, private readonly projectId: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/projects/${this.projectId}/settings/alerts`);
    await expect(this.page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  }

  channelRow(name: string): Locator {
    return this.page.locator(`[data-testid="channel-row"][data-channel-name="${name}"]`);
  }

  ruleCard(name: string): Locator {
    return this.page.locator(`[data-testid="rule-card"][data-rule-name="${name}"]`);
  }

  async createWebhook(name: string, url: string): Promise<void> {
    await this.page.getByTestId("new-channel").click();
    const form = this.page.getByTestId("channel-form");
    await form.getByTestId("channel-kind").selectOption("webhook");
    await form.getByTestId("channel-name").fill(name);
    await form.getByTestId("channel-url").fill(url);
    await form.getByTestId("save-channel").click();
    await expect(this.channelRow(name)).toBeVisible();
  }

  /** The signing secret an admin sees in full after "Show". */
  async secretOf(name: string): Promise<string> {
    const row = this.channelRow(name);
    const show = row.getByRole("button", { name: "Show" });
    if (await show.count()) await show.click();
    await expect(row.getByRole("button", { name: "Hide" })).toBeVisible();
    return (await row.getByTestId("channel-secret").textContent())!.trim();
  }

  /** The rule form, opened empty. */
  async newRule(): Promise<Locator> {
    await this.page.getByTestId("new-rule").click();
    const form = this.page.getByTestId("rule-form");
    await expect(form).toBeVisible();
    return form;
  }
}

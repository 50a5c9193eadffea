import { expect, type Locator, type Page } from "@playwright/test";

/** The project settings page: keys, members and the danger zone. */
export class SettingsPage {
  constructor(private readonly page: Page, private readonly projectId: string) {}

  async open(): Promise<void> {
    await this.page.goto(`/projects/${this.projectId}/settings`);
    await expect(this.page.getByRole("heading", { name: "Settings" })).toBeVisible();
  }

  keyRow(name: string): Locator {
    return this.page.locator(`[data-testid="api-key-row"][data-key-name="${name}"]`);
  }

  /** Creates a key and returns the secret shown once. */
  async createKey(name: string, scopes: ("ingest" | "read" | "admin")[]): Promise<string> {
    const form = this.page.getByRole("form", { name: "Create API key" });
    await form.getByLabel("Key name").fill(name);
    for (const scope of ["ingest", "read", "admin"] as const) {
      await form.getByLabel(scope, { exact: true }).setChecked(scopes.includes(scope));
    }
    await form.getByRole("button", { name: "Create key" }).click();
    const secret = this.page.getByTestId("new-api-key");
    await expect(secret).toBeVisible();
    await expect(this.keyRow(name)).toBeVisible();
    return (await secret.textContent())!.trim();
  }

  async revokeKey(name: string): Promise<void> {
    this.page.once("dialog", (d) => d.accept());
    await this.keyRow(name).getByRole("button", { name: "Revoke" }).click();
    await expect(this.keyRow(name).getByText("revoked")).toBeVisible();
  }

  invitationRow(email: string): Locator {
    return this.page.locator(`[data-testid="invitation-row"][data-email="${email}"]`);
  }

  memberRow(email: string): Locator {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  /** Invites an email; the answer is the same whether or not it has an account or is a member. */
  async invite(email: string, role: "owner" | "editor" | "viewer"): Promise<void> {
    const form = this.page.getByRole("form", { name: "Invite member" });
    await form.getByLabel("Invite by email").fill(email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByRole("button", { name: "Invite" }).click();
    await expect(form.getByTestId("invite-result")).toHaveText(`Invitation sent to ${email.toLowerCase()}`);
  }
}

import { expect, type Page } from "@playwright/test";

/** The account page (/account): password change and account deletion. */
export class AccountPage {
  constructor(private readonly page: Page) {}

  /** Opens it the way a person does: from their email in the top bar. */
  async openFromTopbar(): Promise<void> {
    await this.page.getByTestId("user-email").click();
    await expect(this.page).toHaveURL(/\/account$/);
    await expect(this.page.getByRole("heading", { name: "Your account" })).toBeVisible();
  }

  async changePassword(current: string, next: string, repeat = next): Promise<void> {
    await this.page.getByLabel("Current password", { exact: true }).fill(current);
    await this.page.getByLabel("New password", { exact: true }).fill(next);
    await this.page.getByLabel("Repeat the new password", { exact: true }).fill(repeat);
    await this.page.getByRole("button", { name: "Change password" }).click();
  }

  async deleteAccount(password: string, typedEmail: string): Promise<void> {
    await this.page.getByRole("button", { name: "Delete account…" }).click();
    await this.submitDeletion(password, typedEmail);
  }

  /** Fills and submits the open deletion dialog (after a refusal the password must be typed again). */
  async submitDeletion(password: string, typedEmail: string): Promise<void> {
    const dialog = this.page.getByRole("dialog", { name: "Delete your account?" });
    await dialog.getByLabel("Password", { exact: true }).fill(password);
    await dialog.getByLabel("Your email address").fill(typedEmail);
    await dialog.getByRole("button", { name: "Delete my account" }).click();
  }
}

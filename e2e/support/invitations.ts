import { expect, type Page } from "@playwright/test";

/** Accepts, from the home page, the invitation to the project with that name; lands in the project. */
export async function acceptInvitation(page: Page, projectName: string): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: `Accept the invitation to ${projectName}` }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

import { expect, test } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";

test("a user switches between projects, renames one and deletes it after confirming", async ({ page }) => {
  await signUp(page, newAccount("projects"));
  const first = await createProject(page, "Storefront");
  const second = await createProject(page, "Mobile app");

  const switcher = page.getByLabel("Switch project");
  await expect(switcher).toHaveValue(second);
  await switcher.selectOption({ label: "Storefront" });
  await expect(page).toHaveURL(new RegExp(`/projects/${first}$`));
  await expect(page.getByRole("heading", { name: "Storefront" })).toBeVisible();

  await page.goto(`/projects/${second}/settings`);
  await page.getByLabel("Project name", { exact: true }).fill("Mobile apps");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved");
  await expect(page.getByLabel("Switch project")).toContainText("Mobile apps");

  await page.getByRole("button", { name: "Delete project…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Confirm project name").fill("Mobile");
  await dialog.getByRole("button", { name: "Delete project" }).click();
  await expect(dialog.locator("[role=alert]")).toContainText('Type "Mobile apps" to confirm');
  await dialog.getByLabel("Confirm project name").fill("Mobile apps");
  await dialog.getByRole("button", { name: "Delete project" }).click();

  await expect(page).toHaveURL(new RegExp(`/projects/${first}$`));
  expect((await page.goto(`/projects/${second}`))?.status()).toBe(404);
});

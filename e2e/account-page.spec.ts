import { expect, test } from "@playwright/test";
import { signUp as createUser } from "../lib/auth/users";
import { sql } from "../lib/db/client";
import { AccountPage } from "./support/account-page";
import { createProject, newAccount, signIn, signUp } from "./support/accounts";

test("a person changes their password: other browsers are signed out, this one stays, the new password works", async ({ page, browser }) => {
  const account = newAccount("passwd");
  await signUp(page, account);
  await createProject(page, "Password project");

  const elsewhere = await browser.newContext();
  const otherPage = await elsewhere.newPage();
  await signIn(otherPage, account);
  await otherPage.goto("/account");
  await expect(otherPage.getByRole("heading", { name: "Your account" })).toBeVisible();

  const accountPage = new AccountPage(page);
  await accountPage.openFromTopbar();
  await accountPage.changePassword("not-my-password", "a-new-password-456");
  await expect(page.getByText("This is not your current password")).toBeVisible();
  await accountPage.changePassword(account.password, "a-new-password-456", "a-typo-password-456");
  await expect(page.getByText("The two new passwords differ")).toBeVisible();
  await accountPage.changePassword(account.password, "a-new-password-456");
  await expect(page.locator("form [role=status]")).toHaveText("Password changed. 1 other session was signed out.");

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await elsewhere.close();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("Wrong email or password.");
  await signIn(page, { email: account.email, password: "a-new-password-456" });
  await expect(page.getByRole("heading", { name: "Password project" })).toBeVisible();
});

test("a person deletes their account: projects only they belong to go with it, and they cannot sign in again", async ({ page }) => {
  const account = newAccount("leaver");
  await signUp(page, account);
  await createProject(page, "Solo project");
  const accountPage = new AccountPage(page);
  await accountPage.openFromTopbar();
  await expect(page.getByText("Projects only you belong to are deleted with all their data: Solo project.")).toBeVisible();

  await accountPage.deleteAccount(account.password, "someone-else@flux.test");
  await expect(page.getByText(`Type ${account.email} to confirm`, { exact: true })).toBeVisible();
  await accountPage.submitDeletion(account.password, account.email);

  await expect(page).toHaveURL(/\/sign-in\?account=deleted/);
  await expect(page.getByText("Your account has been deleted.")).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("Wrong email or password.");
});

test("deleting the account waits while the person is the last owner of a project others belong to", async ({ page }) => {
  const account = newAccount("owner");
  await signUp(page, account);
  const projectId = await createProject(page, "Team metrics");
  // A colleague who joined the project (invitations have their own spec).
  const colleague = await createUser({ input: { email: newAccount("colleague").email, password: "colleague-pass-1" } });
  await sql()`INSERT INTO memberships (project_id, user_id, role) VALUES (${projectId}, ${colleague.id}, 'editor')`;

  await page.goto("/account");
  const note = page.getByRole("note");
  await expect(note).toContainText("You are the last owner of a project that has other members:");
  await expect(note.getByRole("link", { name: "Team metrics" })).toHaveAttribute("href", `/projects/${projectId}/settings`);
  await expect(page.getByRole("button", { name: "Delete account…" })).toBeDisabled();

  await sql()`UPDATE memberships SET role = 'owner' WHERE project_id = ${projectId} AND user_id = ${colleague.id}`;
  await page.reload();
  await expect(page.getByRole("note")).toHaveCount(0);
  await new AccountPage(page).deleteAccount(account.password, account.email);
  await expect(page).toHaveURL(/\/sign-in\?account=deleted/);
  const members = await sql()`SELECT user_id FROM memberships WHERE project_id = ${projectId}`;
  expect(members).toEqual([{ user_id: colleague.id }]);
});

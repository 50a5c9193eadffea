import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { freshSignUpAllowance } from "./sign-up-allowance";

export interface Account {
  email: string;
  password: string;
}

export const newAccount = (label = "user"): Account => ({ email: `${label}-${randomUUID().slice(0, 8)}@flux.test`, password: "e2e-password-123" });

export async function signUp(page: Page, account: Account, name = "E2E User"): Promise<void> {
  await freshSignUpAllowance();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects\/new$/);
}

export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Creates a project from the new-project page and returns its id. */
export async function createProject(page: Page, name: string): Promise<string> {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  return page.url().split("/").pop()!;
}

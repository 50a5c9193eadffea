import { expect, test } from "@playwright/test";
import { Browser } from "../tests/auth/browser";
import { newAccount, signIn, signOut, signUp } from "./support/accounts";

test("after too many wrong passwords the sign-in form says when to try again, but the owner's usual browser still gets in", async ({ page, browser, baseURL }) => {
  const account = newAccount("limited");
  await signUp(page, account);
  await signOut(page);

  // Someone else guesses from another address until the account is blocked.
  const attacker = new Browser(baseURL!);
  for (let i = 0; i < 11; i++) await attacker.signIn(account.email, `guess-${i}`);
  expect((await attacker.signIn(account.email, account.password)).status).toBe(429);

  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await freshPage.goto("/sign-in");
  await freshPage.getByLabel("Email").fill(account.email);
  await freshPage.getByLabel("Password").fill(account.password);
  await freshPage.getByRole("button", { name: "Sign in" }).click();
  await expect(freshPage.locator("form [role=alert]")).toHaveText("Too many sign-in attempts. Try again in 1 minute.");
  await expect(freshPage.getByLabel("Email")).toHaveValue(account.email);
  await fresh.close();

  // The browser that signed up holds a known-device cookie for this account.
  await signIn(page, account);
  await expect(page).toHaveURL(/\/projects\/new$/);
});

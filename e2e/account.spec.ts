import { expect, test } from "@playwright/test";
import { createProject, newAccount, signIn, signOut, signUp } from "./support/accounts";
import { shot } from "./support/screenshots";

test("a new user signs up, creates a first project and lands on it", async ({ page }) => {
  const account = newAccount("signup");
  await signUp(page, account);
  await createProject(page, "Checkout funnel");
  await expect(page.getByRole("heading", { name: "Checkout funnel" })).toBeVisible();
  await expect(page.getByTestId("user-email")).toContainText(account.email);
});

test("sign-up explains what is wrong with the form", async ({ page }) => {
  await page.goto("/sign-up");
  await page.setViewportSize({ width: 900, height: 640 });
  await page.screenshot({ path: shot("sign-up.png") });
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  // What was typed stays, so only the wrong field needs retyping.
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
});

test("sign-up with a name and a taken email keeps both and says to sign in", async ({ page }) => {
  const account = newAccount("taken");
  await signUp(page, account);
  await signOut(page);
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Second Try");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("form [role=alert]")).toContainText("already exists");
  await expect(page.locator("form [role=alert]").getByRole("link", { name: "Go to sign in" })).toHaveAttribute("href", "/sign-in");
  await expect(page.getByLabel("Name")).toHaveValue("Second Try");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
});

test("a wrong password and an unknown email get the same answer; the right one signs in", async ({ page }) => {
  const account = newAccount("signin");
  await signUp(page, account);
  await signOut(page);

  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(account.email);

  await page.getByLabel("Email").fill("nobody-here@flux.test");
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("Wrong email or password.");

  await signIn(page, account);
  await expect(page).toHaveURL(/\/projects\/new$/);
});

test("pages need a session", async ({ page }) => {
  await page.goto("/projects/new");
  await expect(page).toHaveURL(/\/sign-in/);
});

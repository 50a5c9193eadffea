import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newAccount, signOut, signUp } from "./support/accounts";
import { fakeGitHubUser, type FakeGitHub, type FakeGitHubUser } from "../tests/fake-github";
import { startFluxWithGitHub, type FluxWithGitHub } from "./support/flux-with-github";

// GitHub sign-in end to end: a Flux of its own (same build and database as the other tests)
// whose GitHub is a local stand-in for GitHub Enterprise, so the real Auth.js flow runs.
let setup: FluxWithGitHub;
let github: FakeGitHub;
let fluxUrl: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  setup = await startFluxWithGitHub("e2e-oauth");
  ({ github, url: fluxUrl } = setup);
});

test.afterAll(async () => {
  await setup?.stop();
});

async function fluxPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: fluxUrl });
  return context.newPage();
}

async function continueWithGitHub(page: Page, as: FakeGitHubUser): Promise<void> {
  github.signInAs(as);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
}

const emailEntry = (email: string, verified: boolean) => ({ email, primary: true, verified, visibility: "private" as const });

test("a person connects GitHub from their account page, whatever its email, then signs in with it", async ({ browser }) => {
  const page = await fluxPage(browser);
  const account = newAccount("connect");
  await signUp(page, account);
  const octo = fakeGitHubUser({ emails: [emailEntry(`someone-else-${randomUUID()}@example.com`, false)] });
  github.signInAs(octo);

  await page.goto("/account");
  const section = page.getByTestId("connect-providers");
  await section.getByRole("button", { name: "Connect GitHub" }).click();
  await expect(page).toHaveURL(/\/account\?connected=github$/);
  await expect(section.getByRole("status")).toHaveText("GitHub is connected: you can now sign in with it.");
  await expect(section.locator('[data-provider="github"]')).toContainText("connected");

  await signOut(page);
  await continueWithGitHub(page, octo);
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByText(`Signed in as ${account.email}`)).toBeVisible();
  await page.context().close();
});

test("GitHub sign-in with an unverified email of an existing account is refused with how to link; once verified it links", async ({ browser }) => {
  const page = await fluxPage(browser);
  const account = newAccount("unverified");
  await signUp(page, account);
  await signOut(page);

  const octo = fakeGitHubUser({ email: account.email, emails: [emailEntry(account.email, false)] });
  await continueWithGitHub(page, octo);
  await expect(page).toHaveURL(/\/sign-in\?error=OAuthEmailNotVerified&provider=github$/);
  await expect(page.getByTestId("sign-in-error")).toHaveText(
    'GitHub did not confirm that your email address is verified, so it was not linked to the Flux account with that email. To link them, sign in with your email and password, then choose "Connect GitHub" on your account page.',
  );
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  // Flux asked GitHub, with the token it got, which addresses are verified.
  expect(github.apiRequests.at(-1)).toMatchObject({ path: "/user/emails", headers: { accept: "application/vnd.github+json", "user-agent": "Flux" } });

  await continueWithGitHub(page, { ...octo, emails: [emailEntry(account.email, true)] });
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByText(`Signed in as ${account.email}`)).toBeVisible();
  await page.context().close();
});

test("GitHub creates an account only for a verified email: an unverified one is refused and stays free for its owner", async ({ browser }) => {
  const page = await fluxPage(browser);
  const squatted = newAccount("squat");
  await continueWithGitHub(page, fakeGitHubUser({ emails: [emailEntry(squatted.email, false)] }));
  await expect(page).toHaveURL(/\/sign-in\?error=OAuthSignUpEmailNotVerified&provider=github$/);
  await expect(page.getByTestId("sign-in-error")).toContainText("GitHub did not confirm that your email address is verified, so no Flux account was created with it.");
  await signUp(page, squatted);
  await signOut(page);

  const fresh = `fresh-${randomUUID().slice(0, 8)}@example.com`;
  await continueWithGitHub(page, fakeGitHubUser({ name: "Fresh Octo", emails: [emailEntry(fresh, true)] }));
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByText(`Signed in as ${fresh}`)).toBeVisible();
  await page.context().close();
});

test("connecting a GitHub account that already belongs to someone else is refused on the account page", async ({ browser }) => {
  const first = await fluxPage(browser);
  const owner = newAccount("gh-owner");
  await signUp(first, owner);
  const octo = fakeGitHubUser({ email: owner.email, emails: [emailEntry(owner.email, true)] });
  github.signInAs(octo);
  await first.goto("/account");
  await first.getByRole("button", { name: "Connect GitHub" }).click();
  await expect(first).toHaveURL(/connected=github/);
  await first.context().close();

  const second = await fluxPage(browser);
  await signUp(second, newAccount("gh-other"));
  github.signInAs(octo);
  await second.goto("/account");
  await second.getByRole("button", { name: "Connect GitHub" }).click();
  await expect(second).toHaveURL(/\/account\?connect_error=linked_to_another_user&provider=github$/);
  await expect(second.getByTestId("connect-providers").getByRole("alert")).toHaveText("This GitHub account is already connected to another Flux account, so it was not connected to yours.");
  await expect(second.getByRole("button", { name: "Connect GitHub" })).toBeVisible();
  await second.context().close();
});

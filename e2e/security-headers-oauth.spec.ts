import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { fakeGitHubUser, type FakeGitHub } from "../tests/fake-github";
import { startFluxWithGitHub, type FluxWithGitHub } from "./support/flux-with-github";

// Until the page hydrates (or with scripts off) "Continue with GitHub" is a plain form post
// that Flux answers with a redirect to the provider, and browsers hold that redirect to the
// page's form-action. A Flux of its own signs in at a local stand-in for GitHub Enterprise.
let setup: FluxWithGitHub;
let github: FakeGitHub;
let fluxUrl: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  setup = await startFluxWithGitHub("e2e-csp-oauth");
  ({ github, url: fluxUrl } = setup);
});

test.afterAll(async () => {
  await setup?.stop();
});

test("GitHub sign-in works with scripts off: the form's redirect to the provider passes form-action", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: fluxUrl, javaScriptEnabled: false });
  const page = await context.newPage();
  const policyErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) policyErrors.push(m.text());
  });

  const signIn = await page.goto("/sign-in");
  const formAction = /form-action ([^;]+)/.exec(signIn!.headers()["content-security-policy"] ?? "")?.[1].split(" ");
  expect(formAction).toEqual(["'self'", new URL(github.url).origin]);

  const email = `csp-${randomUUID().slice(0, 8)}@example.com`;
  github.signInAs(fakeGitHubUser({ emails: [{ email, primary: true, verified: true, visibility: "private" }] }));
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await expect(page).toHaveURL(/\/projects\/new$/);
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  expect(policyErrors).toEqual([]);
  await context.close();
});

import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startApp, type RunningApp } from "../scripts/lib/app-server";
import { freePort } from "../scripts/lib/embedded-postgres";
import { fakeGitHubUser, startFakeGitHub, type FakeGitHub } from "../tests/fake-github";

// Until the page hydrates (or with scripts off) "Continue with GitHub" is a plain form post
// that Flux answers with a redirect to the provider, and browsers hold that redirect to the
// page's form-action. A Flux of its own signs in at a local stand-in for GitHub Enterprise.
let github: FakeGitHub;
let flux: RunningApp;
let fluxUrl: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set for the e2e run");
  github = await startFakeGitHub();
  const port = await freePort();
  fluxUrl = `http://localhost:${port}`;
  flux = await startApp({
    port,
    quiet: true,
    env: {
      AUTH_URL: fluxUrl,
      DATABASE_URL: process.env.DATABASE_URL,
      FLUX_DIST_DIR: process.env.FLUX_DIST_DIR ?? ".next-test",
      AUTH_SECRET: `e2e-csp-oauth-${randomUUID()}`,
      AUTH_GITHUB_ID: github.clientId,
      AUTH_GITHUB_SECRET: github.clientSecret,
      AUTH_GITHUB_ENTERPRISE_URL: github.url,
      FLUX_DEMO_DATA: "off",
      NODE_ENV: "production",
    },
  });
});

test.afterAll(async () => {
  await flux?.stop();
  await github?.stop();
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

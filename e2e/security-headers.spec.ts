import { expect, test, type Browser, type Page } from "@playwright/test";
import { createProject, newAccount, signOut, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";
import { SettingsPage } from "./support/settings-page";

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  url: string;
}

/**
 * Records every CSP violation a page reports (the DOM event, in every document the page
 * loads) and every console message the browser prints about a policy.
 */
async function watchPolicies(page: Page): Promise<{ violations: Violation[]; consoleErrors: string[] }> {
  const violations: Violation[] = [];
  const consoleErrors: string[] = [];
  await page.exposeBinding("__fluxReportViolation", (_source, v: Violation) => void violations.push(v));
  // Init scripts come from the browser's automation channel, which the page's CSP does not govern.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __fluxReportViolation: (v: Violation) => void }).__fluxReportViolation({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        url: e.documentURI,
      });
    });
  });
  page.on("console", (m) => {
    if (/Content[- ]Security[- ]Policy|Permissions-Policy|Refused to/i.test(m.text())) consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  return { violations, consoleErrors };
}

/**
 * What a stored-XSS payload would try, answering which of them ran: `<img src=x onerror=…>`
 * through innerHTML, markup with an inline `<script>` parsed into a frame (it inherits the
 * page's policy), and a `javascript:` link. Script that DevTools evaluates is exempt from CSP,
 * so nothing here runs its payload from the evaluated function itself.
 */
async function injectionsThatRan(page: Page): Promise<{ handler: boolean; inline: boolean; link: boolean }> {
  return page.evaluate(async () => {
    const w = window as unknown as { __handler?: number; __inline?: number; __link?: number };
    delete w.__handler;
    delete w.__inline;
    delete w.__link;
    const host = document.createElement("div");
    host.innerHTML = `<img src="/no-such-image-${Math.random()}.png" onerror="window.__handler = 1">`;
    const imageFailed = new Promise((resolve) => host.querySelector("img")!.addEventListener("error", resolve, { once: true }));
    const frame = document.createElement("iframe");
    frame.srcdoc = "<script>parent.__inline = 1</" + "script>";
    const frameLoaded = new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
    host.append(frame);
    const a = document.createElement("a");
    a.href = "javascript:window.__link = 1";
    host.append(a);
    document.body.append(host);
    a.click();
    await Promise.all([imageFailed, frameLoaded]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // handlers and the javascript: navigation run in later tasks
    host.remove();
    return { handler: w.__handler === 1, inline: w.__inline === 1, link: w.__link === 1 };
  });
}

async function newPage(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, bypassCSP: options.bypassCSP });
  return context.newPage();
}

test("normal use of every main page raises no CSP violation and no policy error", async ({ page }) => {
  test.slow(); // seeds a month of demo data and visits every page
  await page.setViewportSize({ width: 1400, height: 1000 });
  const { violations, consoleErrors } = await watchPolicies(page);

  const account = newAccount("csp");
  await signUp(page, account);
  const projectId = await createProject(page, "Shop");
  const demoDashboardId = await seedDemoProject(projectId);

  // The dashboard with all six widget types drawn by ECharts, its tooltips, theme switch and exports.
  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();
  await expect(board.widgets()).toHaveCount(12);
  await expect(page.locator(".widget-skeleton")).toHaveCount(0);
  await board.chartOption("revenue-by-plan");
  const pie = page.getByTestId("widget-revenue-by-plan").locator("canvas").first();
  const box = (await pie.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - box.height * 0.3);
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await page.getByRole("button", { name: "Use light theme" }).click();
  const bar = page.getByTestId("widget-calls-by-endpoint");
  await bar.getByLabel(/^Actions for/).click();
  const png = page.waitForEvent("download");
  await bar.getByRole("menuitem", { name: "Download PNG" }).click();
  await png;
  await bar.getByLabel(/^Actions for/).click();
  const csv = page.waitForEvent("download");
  await bar.getByRole("menuitem", { name: "Download CSV" }).click();
  await csv;

  // The widget editor with its catalog and live preview, saved through the cookie JSON API.
  await board.addWidget({ type: "pie", title: "Orders by plan", item: "order.completed", aggregation: "count", groupBy: "plan" });
  await page.reload();
  await expect(board.widgets()).toHaveCount(13);

  // Overview, dashboards list, events, settings (a new key), the account page, new project, 404.
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto(`/projects/${projectId}/dashboards`);
  await expect(page.getByLabel("New dashboard name")).toBeVisible();
  await page.goto(`/projects/${projectId}/events`);
  await expect(page.locator("main")).toBeVisible();
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  await settings.createKey("csp key", ["read"]);
  await page.goto("/account");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.goto("/projects/new");
  await expect(page.getByLabel("Project name")).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to your projects" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));

  // Client-side navigation loads further chunks: 'strict-dynamic' must let them in.
  await page.goto(`/projects/${projectId}/dashboards`);
  await page.locator(`a[href$="/dashboards/${demoDashboardId}"]`).first().click();
  await expect(page.getByTestId("dashboard").filter({ visible: true })).toBeVisible();
  await expect(board.widgets()).toHaveCount(13);

  await signOut(page);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  expect(violations).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("the policy bites: markup injected into a page runs no script", async ({ page, browser }) => {
  const { violations } = await watchPolicies(page);
  await signUp(page, newAccount("csp-bite"));
  const projectId = await createProject(page, "Target");
  await page.goto(`/projects/${projectId}/dashboards`);
  await expect(page.getByLabel("New dashboard name")).toBeVisible();

  expect(await injectionsThatRan(page)).toEqual({ handler: false, inline: false, link: false });
  await expect.poll(() => new Set(violations.map((v) => v.directive))).toEqual(new Set(["script-src-attr", "script-src-elem"]));

  // Nobody may frame a page, not even Flux itself (frame-ancestors 'none', X-Frame-Options: DENY).
  const framed = await page.evaluate(async (url) => {
    const frame = document.createElement("iframe");
    frame.src = url;
    document.body.append(frame);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      return frame.contentDocument?.querySelector("main") !== null && frame.contentDocument !== null;
    } finally {
      frame.remove();
    }
  }, `/projects/${projectId}/dashboards`);
  expect(framed).toBe(false);

  // Control: with the policy bypassed the same injection does run, so the check above can fail.
  const control = await newPage(browser, { bypassCSP: true });
  await control.goto("/sign-in");
  await expect(control.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await injectionsThatRan(control)).toEqual({ handler: true, inline: true, link: true });
  await control.context().close();
});

import { expect, test } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";
import { shot } from "./support/screenshots";

test("a newcomer gets a key on the home page, sends data with the snippet, and builds a first widget over it", async ({ page }) => {
  await signUp(page, newAccount("newcomer"));
  const projectId = await createProject(page, "My app");

  const start = page.getByTestId("getting-started");
  await expect(start).toBeVisible();
  await expect(start.getByTestId("snippet-curl")).toContainText("YOUR_INGEST_KEY");
  await start.getByTestId("create-ingest-key").click();
  const key = (await start.getByTestId("ingest-key").textContent())!.trim();
  expect(key).toMatch(/^flux_/);
  await expect(start.getByTestId("snippet-curl")).toContainText(key);
  await expect(start.getByTestId("snippet-sdk-node-js-or-browser-")).toContainText(`key: "${key}"`);
  // The SDK is not published to npm: the snippet installs the tarball this Flux serves.
  const install = (await start.getByTestId("snippet-install-the-sdk").textContent())!.match(/npm install (\S+)/)![1];
  expect(install).toMatch(/^http.*\/sdk\/flux-sdk\.tgz$/);
  expect((await page.request.get(install)).status()).toBe(200);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await start.getByRole("button", { name: "Copy the key" }).click();
  await expect(start.getByRole("button", { name: "Copy the key" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await start.getByRole("button", { name: "Copy the curl snippet" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`Bearer ${key}`);
  await page.setViewportSize({ width: 1400, height: 900 });
  await start.screenshot({ path: shot("home-getting-started.png") });

  // What the curl snippet sends.
  const sent = await page.request.post("/api/v1/flux/batch", {
    headers: { authorization: `Bearer ${key}` },
    data: { events: [{ name: "user_signed_up", user_id: "u_42", properties: { plan: "pro" } }], metrics: [{ type: "counter", name: "api_calls", value: 1, tags: { endpoint: "/users" } }] },
  });
  expect(sent.status()).toBe(202);

  // The page notices the first data by itself and shows the catalog instead.
  await expect(page.getByTestId("getting-started")).toHaveCount(0, { timeout: 15_000 });
  const catalog = page.getByTestId("catalog");
  await expect(catalog.locator('[data-event="user_signed_up"]')).toContainText("1");
  await expect(catalog.locator('[data-metric="api_calls"]')).toContainText("counter");
  await catalog.getByLabel("Search metrics and events").fill("signed");
  await expect(catalog.locator("[data-metric]")).toHaveCount(0);
  await expect(catalog.locator("[data-event]")).toHaveCount(1);

  await catalog.getByRole("link", { name: /See the stream/ }).click();
  await expect(page.getByRole("table", { name: "Events" })).toContainText("user_signed_up");
  await expect(page.getByRole("table", { name: "Events" })).toContainText("u_42");

  await page.goto(`/projects/${projectId}`);
  await page.getByTestId("home-dashboards").getByRole("link", { name: "Create one" }).click();
  await page.getByLabel("New dashboard name").fill("First board");
  await page.getByRole("button", { name: "Create dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboards\/[0-9a-f-]{36}$/);
  const board = new DashboardPage(page, projectId, page.url().split("/").pop()!);
  await board.addWidget({ type: "number", title: "Signups today", item: "user_signed_up", aggregation: "count" });
  await expect(board.widgets("number").getByTestId("number-value")).toHaveAttribute("data-value", "1");
  await expect(board.widgets("number").getByTestId("number-change")).toHaveText("Nothing in the previous period to compare with");
});

test("dashboards are created, renamed, duplicated, made default and deleted from the list", async ({ page }) => {
  await signUp(page, newAccount("lists"));
  const projectId = await createProject(page, "Lists");
  await page.goto(`/projects/${projectId}/dashboards`);
  await expect(page.getByTestId("no-dashboards")).toBeVisible();
  await page.getByLabel("New dashboard name").fill("Growth");
  await page.getByRole("button", { name: "Create dashboard" }).click();
  await expect(page.getByTestId("dashboard-name")).toHaveText("Growth");

  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Dashboard name").fill("Growth KPIs");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("dashboard-name")).toHaveText("Growth KPIs");

  await page.goto(`/projects/${projectId}/dashboards`);
  const row = (name: string) => page.locator(`[data-testid="dashboard-row"][data-name="${name}"]`);
  await row("Growth KPIs").getByRole("button", { name: "Duplicate" }).click();
  await expect(row("Growth KPIs (copy)")).toBeVisible();

  await row("Growth KPIs (copy)").getByRole("button", { name: "Rename" }).click();
  await row("Growth KPIs (copy)").getByLabel("New name").fill("Ops");
  await row("Growth KPIs (copy)").getByRole("button", { name: "Save" }).click();
  await expect(row("Ops")).toBeVisible();

  await row("Ops").getByRole("button", { name: "Set as default" }).click();
  await expect(row("Ops").locator(".badge")).toHaveText("default");
  await expect(row("Ops").getByRole("button", { name: "Set as default" })).toHaveCount(0);
  await page.goto(`/projects/${projectId}`);
  await expect(page.getByTestId("home-dashboards").locator("a.dashboard-tile").first()).toContainText("Ops");

  await page.goto(`/projects/${projectId}/dashboards`);
  page.once("dialog", (d) => d.accept());
  await row("Growth KPIs").getByRole("button", { name: "Delete" }).click();
  await expect(row("Growth KPIs")).toHaveCount(0);
  await expect(page.getByTestId("dashboard-row")).toHaveCount(1);
});

test("an empty events page points to the overview, where the snippets are", async ({ page }) => {
  await signUp(page, newAccount("no-events"));
  const projectId = await createProject(page, "Quiet");
  await page.goto(`/projects/${projectId}/events`);
  await expect(page.getByText("No events yet")).toBeVisible();
  await page.getByRole("link", { name: "project overview" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(page.getByTestId("getting-started")).toBeVisible();
});

test("the catalog shows a metric's display name and the name to send and search for", async ({ page }) => {
  await signUp(page, newAccount("catalog"));
  const projectId = await createProject(page, "Named");
  await seedDemoProject(projectId);
  await page.goto(`/projects/${projectId}`);
  const row = page.getByTestId("catalog").locator('[data-metric="active_users"]');
  await expect(row).toContainText("Active users");
  await expect(row.locator("code")).toHaveText("active_users");
});

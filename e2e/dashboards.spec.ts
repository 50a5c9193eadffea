import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";
import { SettingsPage } from "./support/settings-page";
import { acceptInvitation } from "./support/invitations";
import { widgetRequest } from "../lib/dashboards/widget-request";
import type { Dashboard } from "../lib/dashboards/schema";
import type { MultiQueryResult } from "../lib/query/model";
import { shot } from "./support/screenshots";


// page.request sends the page's cookie but not the Origin a browser adds; signed-in mutations need it.
const sameOrigin = (page: Page) => ({ origin: new URL(page.url()).origin });

async function newDashboard(page: Page, projectId: string, name: string): Promise<DashboardPage> {
  await page.goto(`/projects/${projectId}/dashboards`);
  await page.getByLabel("New dashboard name").fill(name);
  await page.getByRole("button", { name: "Create dashboard" }).click();
  await expect(page).toHaveURL(/\/dashboards\/[0-9a-f-]{36}$/);
  return new DashboardPage(page, projectId, page.url().split("/").pop()!);
}

async function seededProject(page: Page, label: string) {
  const account = newAccount(label);
  await signUp(page, account);
  const projectId = await createProject(page, "Shop");
  const demoDashboardId = await seedDemoProject(projectId);
  return { account, projectId, demoDashboardId };
}

test("a user builds a dashboard with all six widget types over seeded data and sees the right numbers", async ({ page }) => {
  test.slow(); // six trips through the editor on a shared 2-core machine
  await page.setViewportSize({ width: 1400, height: 1000 });
  const { projectId } = await seededProject(page, "builder");
  const board = await newDashboard(page, projectId, "Shop KPIs");
  await expect(page.getByText("This dashboard is empty")).toBeVisible();

  await board.addWidget({ type: "number", title: "Signups", item: "user.signed_up", aggregation: "count" });
  await board.addWidget({ type: "graph", title: "Orders over time", item: "order.completed", aggregation: "count", extra: (d) => d.getByLabel("Overlay the previous period").check() });
  await board.addWidget({ type: "bar", title: "Calls by endpoint", item: "api.calls", aggregation: "sum", groupBy: "endpoint" });
  await board.addWidget({ type: "pie", title: "Revenue by plan", item: "order.completed", aggregation: "sum", groupBy: "plan" });
  await board.addWidget({ type: "table", title: "Endpoint leaderboard", item: "api.calls", aggregation: "sum", groupBy: "endpoint" });
  await board.addWidget({ type: "heatmap", title: "Orders by hour", item: "order.completed", aggregation: "count" });

  // Changing the time range refetches every widget through the query API; the numbers on
  // screen must be exactly what those answers say.
  const dashboard = (await (await page.request.get(`/api/v1/dashboards/${board.dashboardId}?project=${projectId}`)).json()) as Dashboard;
  const answers = new Map<string, MultiQueryResult>();
  // Widgets asking the same question share one request (React Query dedupes by request).
  const expected = new Map<string, string[]>();
  for (const w of dashboard.widgets) {
    const key = JSON.stringify(widgetRequest(w.config, "30d"));
    expected.set(key, [...(expected.get(key) ?? []), w.id]);
  }
  const pending: Promise<void>[] = [];
  page.on("response", (res) => {
    const ids = res.url().includes("/api/v1/query") && res.request().method() === "POST" ? expected.get(JSON.stringify(res.request().postDataJSON())) : undefined;
    if (ids) pending.push(res.json().then((body) => ids.forEach((id) => answers.set(id, body as MultiQueryResult))));
  });
  await page.getByTestId("range-select").selectOption("30d");
  await expect(page).toHaveURL(/[?&]range=30d$/);
  await expect.poll(() => pending.length).toBe(expected.size);
  await Promise.all(pending);
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);

  const byType = (t: string) => dashboard.widgets.find((w) => w.config.type === t)!.id;
  const a = (t: string) => answers.get(byType(t))!.results.a;

  const numberTotal = a("number").series[0].total;
  expect(numberTotal).toBeGreaterThan(1000);
  await expect(page.getByTestId(`widget-${byType("number")}`).getByTestId("number-value")).toHaveAttribute("data-value", String(numberTotal));

  const graph = await board.chartOption(byType("graph"));
  expect(graph.series[0].data).toEqual(a("graph").series[0].points);
  expect(graph.series[1].name).toContain("previous");

  const bar = await board.chartOption(byType("bar"));
  const barTotals = a("bar").series.map((s) => s.total).sort((x, y) => y! - x!);
  expect([...(bar.series[0].data as number[])].reverse()).toEqual(barTotals);

  const pie = await board.chartOption(byType("pie"));
  expect(new Set((pie.series[0].data as { name: string }[]).map((d) => d.name))).toEqual(new Set(["free", "pro", "team"]));
  const pieSum = (pie.series[0].data as { value: number }[]).reduce((s, d) => s + d.value, 0);
  expect(pieSum).toBeCloseTo(a("pie").series.reduce((s, x) => s + (x.total ?? 0), 0), 6);

  const table = page.getByTestId(`table-${byType("table")}`);
  for (const s of a("table").series) {
    await expect(table.locator(`tr[data-row="${s.tags.endpoint}"] td[data-value]`).first()).toHaveAttribute("data-value", String(s.total));
  }
  await expect(table.locator("tfoot td[data-total]").first()).toHaveAttribute("data-total", String(a("table").series.reduce((x, s) => x + (s.total ?? 0), 0)));

  const heat = await board.chartOption(byType("heatmap"));
  const cells = heat.series[0].data as [number, number, number][];
  expect(cells.length).toBeGreaterThan(100);
  expect(cells.reduce((s, c) => s + c[2], 0)).toBe(a("heatmap").series[0].points.reduce((s, [, v]) => s + (v ?? 0), 0));

  // Sorting the leaderboard by calls ascending puts the smallest endpoint first.
  await table.getByRole("button", { name: /API calls|api\.calls/ }).click();
  const smallest = [...a("table").series].sort((x, y) => x.total! - y.total!)[0].tags.endpoint;
  await expect(table.locator("tbody tr").first()).toHaveAttribute("data-row", smallest);

  for (const w of dashboard.widgets) await page.getByTestId(`widget-${w.id}`).screenshot({ path: shot(`widget-${w.config.type}.png`) });
});

test("moving and resizing widgets (pointer and keyboard) is saved, and undo restores the last change", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const { projectId, demoDashboardId } = await seededProject(page, "layout");
  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();

  // Pointer: drag "Signups" (x 0) three columns to the right by its handle.
  const signups = "signups";
  const handle = page.getByRole("button", { name: "Move Signups", exact: true });
  const box = (await handle.boundingBox())!;
  const column = (await page.locator(".grid-canvas").boundingBox())!.width / 12;
  await board.saving(async () => {
    const [x0, y0] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 10; i += 1) await page.mouse.move(x0 + (3 * column * i) / 10, y0);
    await page.mouse.up();
  });
  expect(await board.position(signups)).toMatchObject({ x: 3, y: 0 });

  // Keys at a person's pace: dnd-kit starts listening for arrows just after the pick-up.
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await page.keyboard.press(key);
      await page.waitForTimeout(120);
    }
  };

  // Keyboard: pick up "Orders" with space, one cell down, drop with space.
  await page.getByRole("button", { name: "Move Orders", exact: true }).focus();
  await board.saving(async () => {
    await press("Space", "ArrowDown", "Space");
  });
  const ordersMoved = await board.position("orders");
  expect(ordersMoved.y).toBeGreaterThan(0);

  // Keyboard resize of "Revenue": two columns wider.
  const revenueBefore = await board.position("revenue");
  await page.getByRole("button", { name: "Resize Revenue", exact: true }).focus();
  await board.saving(async () => {
    await press("Space", "ArrowRight", "ArrowRight", "Space");
  });
  expect((await board.position("revenue")).w).toBe(Math.min(12 - revenueBefore.x, revenueBefore.w + 2));

  await board.saving(() => page.getByTestId("undo").click());
  expect(await board.position("revenue")).toEqual(revenueBefore);

  await page.reload();
  expect(await board.position(signups)).toMatchObject({ x: 3, y: 0 });
  expect(await board.position("orders")).toEqual(ordersMoved);
  expect(await board.position("revenue")).toEqual(revenueBefore);
});

test("a user edits and deletes a widget, exports its data as CSV and PNG, and undoes the delete", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const { projectId, demoDashboardId } = await seededProject(page, "editor");
  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();

  const bar = page.getByTestId("widget-calls-by-endpoint");
  await bar.getByLabel(/^Actions for/).click();
  const csv = page.waitForEvent("download");
  await bar.getByRole("menuitem", { name: "Download CSV" }).click();
  const csvText = fs.readFileSync(await (await csv).path(), "utf8");
  // A header line (title, range, zone), then the bars as rows: endpoint and its value, headed
  // by the display name the demo catalog gives api.calls.
  expect(csvText.split("\n")[0]).toMatch(/^\uFEFF"# API calls by endpoint — /);
  expect(csvText.split("\n")[1]).toBe("endpoint,API calls · sum");
  expect(csvText).toContain("/api/search");

  await bar.getByLabel(/^Actions for/).click();
  const png = page.waitForEvent("download");
  await bar.getByRole("menuitem", { name: "Download PNG" }).click();
  expect(fs.readFileSync(await (await png).path()).subarray(1, 4).toString()).toBe("PNG");

  await bar.getByLabel(/^Actions for/).click();
  await bar.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill("Top endpoints");
  await dialog.getByLabel("Bars").selectOption("vertical");
  await board.saving(() => dialog.getByTestId("save-widget").click());
  await expect(bar.getByRole("heading", { name: "Top endpoints" })).toBeVisible();
  expect((await board.chartOption("calls-by-endpoint")).xAxis).toMatchObject({ type: "category" });

  page.once("dialog", (d) => d.accept());
  await bar.getByLabel(/^Actions for/).click();
  await board.saving(() => bar.getByRole("menuitem", { name: "Delete" }).click());
  await expect(page.getByTestId("widget-calls-by-endpoint")).toHaveCount(0);
  await board.saving(() => page.getByTestId("undo").click());
  await page.reload();
  await expect(page.getByTestId("widget-calls-by-endpoint").getByRole("heading", { name: "Top endpoints" })).toBeVisible();
});

test("a custom time range and auto-refresh refetch the widgets", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  const { projectId, demoDashboardId } = await seededProject(page, "ranges");
  await page.clock.install();
  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();
  const signups = page.getByTestId("widget-signups").getByTestId("number-value");
  const weekly = Number(await signups.getAttribute("data-value"));

  // Custom: the last two days, typed in local time.
  const local = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const now = await page.evaluate(() => Date.now());
  await page.getByTestId("range-select").selectOption("custom");
  await page.getByLabel("From", { exact: true }).fill(local(now - 2 * 86_400_000));
  await page.getByLabel("To", { exact: true }).fill(local(now));
  const custom = page.waitForResponse((r) => r.url().includes("/api/v1/query") && typeof r.request().postDataJSON()?.queries?.a?.range === "object");
  await page.getByRole("button", { name: "Apply" }).click();
  const answer = await (await custom).json();
  expect(answer.results.a.from).toBeTruthy();
  await expect.poll(async () => Number(await signups.getAttribute("data-value"))).toBeLessThan(weekly);

  // Auto-refresh every 30 s: 31 s later every widget has asked again.
  await page.getByTestId("refresh-select").selectOption("30");
  await expect(page).toHaveURL(/[?&]refresh=30(&|$)/);
  let refetched = 0;
  page.on("request", (r) => { if (r.url().includes("/api/v1/query")) refetched += 1; });
  await page.clock.fastForward(31_000);
  await expect.poll(() => refetched).toBeGreaterThanOrEqual(10);
});

test("a widget whose query fails says why and what to do, and an empty range says so", async ({ page }) => {
  const { projectId, demoDashboardId } = await seededProject(page, "errors");
  const url = `/api/v1/dashboards/${demoDashboardId}?project=${projectId}`;
  const dashboard = (await (await page.request.get(url)).json()) as Dashboard;
  const broken = { id: "broken", x: 0, y: 30, w: 4, h: 3, config: { type: "number", title: "Gone", query: { source: "metric", name: "no.such.metric", aggregation: "sum" } } };
  const empty = { id: "empty", x: 4, y: 30, w: 4, h: 3, config: { type: "graph", title: "Old", range: { from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" }, queries: [{ source: "event", name: "order.completed", aggregation: "count" }] } };
  expect((await page.request.patch(url, { data: { widgets: [...dashboard.widgets, broken, empty] }, headers: sameOrigin(page) })).status()).toBe(200);

  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();
  const failed = page.getByTestId("widget-broken");
  await expect(failed.getByRole("alert")).toContainText("The query failed");
  await expect(failed.getByRole("alert")).toContainText("Metric 'no.such.metric' not found");
  await expect(failed.getByRole("button", { name: "Retry" })).toBeVisible();
  await expect(page.getByTestId("widget-empty").getByRole("status")).toContainText("No data in this time range");
});

test("a leaderboard of percentiles has no Total row, one with a count keeps it", async ({ page }) => {
  const { projectId, demoDashboardId } = await seededProject(page, "totals");
  const url = `/api/v1/dashboards/${demoDashboardId}?project=${projectId}`;
  const dashboard = (await (await page.request.get(url)).json()) as Dashboard;
  const p95 = { id: "p95-only", x: 0, y: 30, w: 6, h: 4, config: { type: "table", title: "Slowest", queries: [{ source: "metric", name: "http.request.duration", aggregation: "p95", groupBy: ["endpoint"] }] } };
  expect((await page.request.patch(url, { data: { widgets: [...dashboard.widgets, p95] }, headers: sameOrigin(page) })).status()).toBe(200);

  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();
  await expect(page.getByTestId("table-p95-only").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("table-p95-only").locator("tfoot")).toHaveCount(0);
  await expect(page.getByTestId("table-endpoints").locator("tfoot")).toContainText("Total");
});

test("in the heatmap editor, histogram and the value-bucket pattern go together", async ({ page }) => {
  const { projectId } = await seededProject(page, "heatmap");
  await newDashboard(page, projectId, "Latency");
  await page.getByTestId("add-widget").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: "Heatmap" }).click();
  await dialog.getByPlaceholder("Search metrics and events…").fill("http.request.duration");
  await dialog.locator('[data-catalog-item="http.request.duration"]').click();
  await expect(dialog.getByTestId("picked-item")).toHaveText("chosen: http.request.duration");
  await dialog.getByLabel("Aggregation").selectOption("histogram");
  await expect(dialog.getByLabel("Pattern")).toHaveValue("distribution");
  await dialog.getByLabel("Pattern").selectOption("week_hours");
  await expect(dialog.getByLabel("Aggregation")).toHaveValue("count");
});

test("a viewer sees a dashboard but cannot move, edit or save it", async ({ browser }) => {
  const owner = await browser.newPage();
  const viewer = await browser.newPage();
  const viewerAccount = newAccount("viewer");
  await signUp(viewer, viewerAccount);
  const { projectId, demoDashboardId } = await seededProject(owner, "owner");
  const settings = new SettingsPage(owner, projectId);
  await settings.open();
  await settings.invite(viewerAccount.email, "viewer");
  expect(await acceptInvitation(viewer, "Shop")).toBe(projectId);

  const board = new DashboardPage(viewer, projectId, demoDashboardId);
  await board.open();
  await expect(viewer.getByTestId("read-only-note")).toBeVisible();
  await expect(board.widgets()).toHaveCount(12);
  await expect(viewer.getByTestId("add-widget")).toHaveCount(0);
  await expect(viewer.getByTestId("undo")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Move / })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Resize / })).toHaveCount(0);
  await viewer.getByTestId("widget-signups").getByLabel(/^Actions for/).click();
  await expect(viewer.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.getByRole("menuitem", { name: "Download CSV" })).toBeVisible();

  const forged = await viewer.request.patch(`/api/v1/dashboards/${demoDashboardId}?project=${projectId}`, { data: { name: "Mine now" }, headers: sameOrigin(viewer) });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).not.toMatch(/Cross-origin/); // refused for the role, not the origin
  await viewer.goto(`/projects/${projectId}/dashboards`);
  await expect(viewer.getByRole("form", { name: "Create a dashboard" })).toHaveCount(0);
  await owner.close();
  await viewer.close();
});

test("the demo dashboard in light and dark themes (screenshots for the README)", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  const { projectId, demoDashboardId } = await seededProject(page, "shots");
  const board = new DashboardPage(page, projectId, demoDashboardId);
  await board.open();
  await expect(board.widgets()).toHaveCount(12);
  await expect(page.locator(".widget-skeleton")).toHaveCount(0);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  await page.screenshot({ path: shot(`dashboard-light.png`), fullPage: true });
  const before = await board.chartOption("active-users");
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await expect.poll(async () => JSON.stringify((await board.chartOption("active-users")).yAxis)).not.toBe(JSON.stringify(before.yAxis));
  await page.screenshot({ path: shot(`dashboard-dark.png`), fullPage: true });
  await page.getByRole("button", { name: "Use light theme" }).click();

  await page.getByTestId("widget-calls-by-endpoint").getByLabel(/^Actions for/).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Bars").selectOption("vertical");
  await expect(dialog.getByTestId("widget-preview").locator(".echart")).toBeVisible();
  await page.waitForTimeout(500); // let the debounced preview draw the vertical bars
  await dialog.screenshot({ path: shot(`widget-editor.png`) });
});

test.describe("in Berlin", () => {
  test.use({ timezoneId: "Europe/Berlin" });

  test("a user counts days and hours in their own time zone", async ({ page }) => {
    const { projectId, demoDashboardId } = await seededProject(page, "zone");
    const board = new DashboardPage(page, projectId, demoDashboardId);
    // The dashboard names no zone: the browser's own is the default, asked for without a choice.
    const zoned = page.waitForResponse((r) => r.url().includes("/api/v1/query") && r.request().postDataJSON()?.queries?.a?.timezone === "Europe/Berlin");
    await board.open();
    expect((await (await zoned).json()).results.a.timezone).toBe("Europe/Berlin");
    await expect(page.getByTestId("timezone-select")).toHaveValue("Europe/Berlin");
    await page.reload();
    await expect(page.getByTestId("timezone-select")).toHaveValue("Europe/Berlin");
    expect(new URL(page.url()).search).toBe("");
  });
});

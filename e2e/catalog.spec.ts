import { expect, test, type Page } from "@playwright/test";
import { newAccount, type Account } from "./support/accounts";
import { acceptInvitation } from "./support/invitations";
import { SettingsPage } from "./support/settings-page";
import { CatalogPage, ingest, recentTimes } from "./support/catalog-page";
import { PLANS, POINTS, REGIONS, seedEvents, seedMetrics, setUp } from "./support/catalog-data";
import { expectNothingInjected, watchForInjection } from "./support/hostile-page";
import { HOSTILE_STRINGS } from "../components/charts/testing/hostile-strings";
import { shot } from "./support/screenshots";
import { BREAKDOWN_LIMIT } from "../components/catalog/catalog-widget-config";

// The catalog leads somewhere: every metric and event row opens a page with its chart,
// breakdowns, metadata, shape, "add to dashboard" and delete. Data goes in through the real
// ingest API with a key, as the SDK sends it.

const sum = (data: [number, number | null][]) => data.reduce((s, [, v]) => s + (v ?? 0), 0);

test("a metric row opens its page: type, series and tag cardinality, a drawn chart that splits into one line per tag value, a way back", async ({ page }) => {
  const { projectId, key } = await setUp(page, "cat-metric");
  const totals = await seedMetrics(page.request, key);
  const catalog = new CatalogPage(page, projectId);
  await catalog.openFromHome("metric", "api.requests");

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("api.requests");
  await expect(page.getByTestId("catalog-type")).toHaveText("counter");
  await expect(page.getByTestId("series-count")).toHaveText("6");
  await expect(page.getByTestId("last-seen")).toContainText("UTC");
  const plan = page.locator('[data-tag="plan"]');
  await expect(plan.getByTestId("distinct-count")).toHaveText("3");
  for (const p of PLANS) await expect(plan).toContainText(p);
  await expect(page.locator('[data-tag="region"]').getByTestId("distinct-count")).toHaveText("2");

  // One line (a counter's sum) holding everything sent, drawn in colour on the canvas.
  expect(await catalog.seriesNames(1)).toEqual(["api.requests"]);
  expect(sum((await catalog.chartOption()).series[0].data)).toBe(Object.values(totals).reduce((a, b) => a + b, 0));
  await expect.poll(() => catalog.colouredPixels(), { message: "line pixels" }).toBeGreaterThan(150);

  await catalog.chooseBreakdown("plan");
  expect(await catalog.seriesNames(3)).toEqual([...PLANS]);
  const byPlan = Object.fromEntries((await catalog.chartOption()).series.map((s) => [s.name, sum(s.data)]));
  expect(byPlan).toEqual(totals);
  await catalog.chooseBreakdown("region");
  expect(await catalog.seriesNames(2)).toEqual([...REGIONS]);
  await page.getByLabel("Time range").selectOption("24h");
  expect(await catalog.seriesNames(2)).toEqual([...REGIONS]);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shot("catalog-metric.png"), fullPage: true });

  // A gauge is drawn as its average.
  await page.goto(catalog.metricUrl("queue.depth"));
  await expect(page.getByTestId("catalog-type")).toHaveText("gauge");
  await expect(page.getByText("No tags: every point of this metric is one series.")).toBeVisible();
  expect(await catalog.seriesNames(1)).toEqual(["queue.depth"]);

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(page.locator('[data-metric="queue.depth"]')).toBeVisible();
});

test("an event row opens its page: total, first and last seen, properties with their values, a count chart split by a property", async ({ page }) => {
  const { projectId, key } = await setUp(page, "cat-event");
  const counts = await seedEvents(page.request, key);
  const catalog = new CatalogPage(page, projectId);
  await catalog.openFromHome("event", "signup");

  await expect(page.getByTestId("catalog-type")).toHaveText("event");
  await expect(page.getByTestId("event-total")).toHaveText(String(POINTS));
  await expect(page.getByTestId("first-seen")).toContainText("UTC");
  await expect(page.getByTestId("last-seen")).toContainText("UTC");
  const planRow = page.locator('[data-property="plan"]');
  await expect(planRow).toContainText("string");
  for (const p of PLANS) await expect(planRow).toContainText(p);
  await expect(page.locator('[data-property="referrer"]')).toBeVisible();

  expect(await catalog.seriesNames(1)).toEqual(["signup"]);
  expect(sum((await catalog.chartOption()).series[0].data)).toBe(POINTS);
  await expect.poll(() => catalog.colouredPixels(), { message: "line pixels" }).toBeGreaterThan(150);
  await catalog.chooseBreakdown("plan");
  expect(await catalog.seriesNames(3)).toEqual([...PLANS]);
  expect(Object.fromEntries((await catalog.chartOption()).series.map((s) => [s.name, sum(s.data)]))).toEqual(counts);

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Catalog" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}#catalog-title$`));
});

test("an editor edits display name, unit, description and direction; they persist after a reload, show in the catalog row, and clear again", async ({ page }) => {
  const { projectId, key } = await setUp(page, "cat-edit");
  await seedMetrics(page.request, key);
  await seedEvents(page.request, key);
  const catalog = new CatalogPage(page, projectId);
  await page.goto(catalog.metricUrl("api.requests"));

  const form = page.getByRole("form", { name: "Edit metadata" });
  await form.getByLabel("Display name").fill("API requests");
  await form.getByLabel("Unit").fill("req");
  await form.getByLabel("Description").fill("Requests served.\nCounted at the load balancer.");
  await form.getByLabel("Direction").selectOption({ label: "Lower is better" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API requests");
  await expect(page.getByTestId("catalog-name")).toHaveText("api.requests");

  await page.reload();
  await expect(form.getByLabel("Display name")).toHaveValue("API requests");
  await expect(form.getByLabel("Unit")).toHaveValue("req");
  await expect(form.getByLabel("Description")).toHaveValue("Requests served.\nCounted at the load balancer.");
  await expect(form.getByLabel("Direction")).toHaveValue("lower");
  await expect(page.getByTestId("catalog-unit")).toHaveText("req");
  const api = await page.request.get(`/api/v1/metrics/api.requests`, { headers: { authorization: `Bearer ${key}` } });
  expect(await api.json()).toMatchObject({ displayName: "API requests", unit: "req", higherIsBetter: false });

  await page.goto(`/projects/${projectId}`);
  const row = page.locator('[data-metric="api.requests"]');
  await expect(row).toContainText("API requests");
  await expect(row).toContainText("req");

  // Emptied fields clear, and "not set" is a direction of its own.
  await page.goto(catalog.metricUrl("api.requests"));
  await form.getByLabel("Display name").fill("");
  await form.getByLabel("Direction").selectOption({ label: "Not set" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("api.requests");
  await expect(form.getByLabel("Direction")).toHaveValue("");
  await expect(form.getByLabel("Unit")).toHaveValue("req");

  // Events are edited the same way.
  await page.goto(catalog.eventUrl("signup"));
  await form.getByLabel("Display name").fill("Sign-ups");
  await form.getByLabel("Direction").selectOption({ label: "Higher is better" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign-ups");
  await expect(form.getByLabel("Direction")).toHaveValue("higher");
  await page.goto(`/projects/${projectId}`);
  await expect(page.locator('[data-event="signup"]')).toContainText("Sign-ups");
});

/** Signs up through the form; an invited person lands on home, which lists the invitations. */
async function signUpInvited(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Vera Viewer");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
}

test("a viewer reads the metadata as text and the chart, with no edit form, no add to dashboard and no delete", async ({ page, browser }) => {
  const { projectId, key, name } = await setUp(page, "cat-owner");
  await seedMetrics(page.request, key);
  await seedEvents(page.request, key);
  const auth = { authorization: `Bearer ${key}` };
  const patch = await page.request.patch(`/api/v1/metrics/api.requests`, { headers: auth, data: { displayName: "API requests", unit: "req", description: "Served requests", higherIsBetter: true } });
  expect(patch.status(), await patch.text()).toBe(200);
  const viewerAccount = newAccount("cat-viewer");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  await settings.invite(viewerAccount.email, "viewer");

  const viewer = await browser.newPage();
  await signUpInvited(viewer, viewerAccount);
  await acceptInvitation(viewer, name);
  const catalog = new CatalogPage(viewer, projectId);
  await catalog.openFromHome("metric", "api.requests");
  const facts = viewer.getByTestId("catalog-metadata");
  await expect(facts.locator('[data-field="displayName"]')).toHaveText("API requests");
  await expect(facts.locator('[data-field="unit"]')).toHaveText("req");
  await expect(facts.locator('[data-field="description"]')).toHaveText("Served requests");
  await expect(facts.locator('[data-field="direction"]')).toHaveText("Higher is better");
  await expect(viewer.getByRole("form", { name: "Edit metadata" })).toHaveCount(0);
  await expect(viewer.getByRole("form", { name: "Add to dashboard" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await expect(viewer.locator(".catalog-detail").locator("input, textarea")).toHaveCount(0);
  await catalog.seriesNames(1);
  await expect.poll(() => catalog.colouredPixels()).toBeGreaterThan(150);

  await catalog.openFromHome("event", "signup");
  await expect(viewer.getByTestId("catalog-metadata").locator('[data-field="direction"]')).toHaveText("Not set");
  await expect(viewer.getByRole("form", { name: "Edit metadata" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await viewer.close();
});

test("add to dashboard places the graph at the first free slot, a number with the catalog's direction after it, and the dashboard shows both", async ({ page }) => {
  const { projectId, key } = await setUp(page, "cat-add");
  await seedMetrics(page.request, key);
  const auth = { authorization: `Bearer ${key}` };
  // A hole at the top right: the first free place for a 6×4 graph.
  const query = { source: "metric", name: "queue.depth", aggregation: "avg", filters: [], groupBy: [] };
  const created = await page.request.post("/api/v1/dashboards", {
    headers: auth,
    data: {
      name: "Operations",
      widgets: [
        { id: "left", x: 0, y: 0, w: 6, h: 4, config: { type: "graph", title: "Queue", queries: [query], style: "line", compare: false } },
        { id: "wide", x: 0, y: 4, w: 12, h: 2, config: { type: "number", title: "Queue now", query, higherIsBetter: false, thresholds: [] } },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const dashboardId = (await created.json()).id as string;
  const widgetsNow = async () => ((await (await page.request.get(`/api/v1/dashboards/${dashboardId}`, { headers: auth })).json()).widgets as { id: string; x: number; y: number; w: number; h: number; config: Record<string, unknown> }[]);

  const catalog = new CatalogPage(page, projectId);
  await page.goto(catalog.metricUrl("api.requests"));
  const add = page.getByRole("form", { name: "Add to dashboard" });
  await add.getByLabel("Dashboard", { exact: true }).selectOption({ label: "Operations" });
  await add.getByLabel("As", { exact: true }).selectOption("graph");
  await add.getByRole("button", { name: "Add to dashboard" }).click();
  await expect(add.getByTestId("added-to-dashboard")).toHaveText("Added to Operations");
  let widgets = await widgetsNow();
  expect(widgets).toHaveLength(3);
  const graph = widgets.find((w) => !["left", "wide"].includes(w.id))!;
  expect({ x: graph.x, y: graph.y, w: graph.w, h: graph.h }).toEqual({ x: 6, y: 0, w: 6, h: 4 });
  expect(graph.config).toMatchObject({ type: "graph", queries: [{ source: "metric", name: "api.requests", aggregation: "sum" }] });
  expect(widgets.filter((w) => w.id !== graph.id).map((w) => [w.id, w.x, w.y])).toEqual([["left", 0, 0], ["wide", 0, 4]]);

  // The catalog says lower is better: the number widget takes that direction.
  const form = page.getByRole("form", { name: "Edit metadata" });
  await form.getByLabel("Direction").selectOption({ label: "Lower is better" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved");
  await add.getByLabel("As", { exact: true }).selectOption("number");
  await add.getByRole("button", { name: "Add to dashboard" }).click();
  await expect(add.getByTestId("added-to-dashboard")).toBeVisible();
  await expect.poll(async () => (await widgetsNow()).length).toBe(4);
  widgets = await widgetsNow();
  const number = widgets.find((w) => w.config.type === "number" && w.id !== "wide")!;
  expect({ x: number.x, y: number.y }).toEqual({ x: 0, y: 6 });
  expect(number.config).toMatchObject({ higherIsBetter: false, query: { name: "api.requests", aggregation: "sum", groupBy: [] } });

  await add.getByTestId("added-to-dashboard").getByRole("link", { name: "Operations" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboards/${dashboardId}`));
  await expect(page.locator("[data-widget-type]")).toHaveCount(4);
  const cell = page.locator(`[data-grid-id="${graph.id}"]`);
  await expect(cell).toHaveAttribute("data-x", "6");
  await expect(cell).toHaveAttribute("data-y", "0");
  await page.waitForFunction((id) => ((window.__fluxCharts?.[id] as { series?: unknown[] } | undefined)?.series?.length ?? 0) > 0, graph.id);
  await expect(page.locator(`[data-grid-id="${number.id}"] [data-value]`).first()).toBeVisible();
});

test("delete asks for the name, then removes the metric or event with its history and returns home with a notice", async ({ page }) => {
  const { projectId, key } = await setUp(page, "cat-delete");
  await seedMetrics(page.request, key);
  await seedEvents(page.request, key);
  const auth = { authorization: `Bearer ${key}` };
  const catalog = new CatalogPage(page, projectId);
  await page.goto(catalog.metricUrl("api.requests"));
  await page.getByRole("button", { name: "Delete metric…" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Delete metric" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Confirm the metric name").fill("api.request");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Confirm the metric name").fill("api.requests");
  await confirm.click();

  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}\\?`));
  await expect(page.getByTestId("deleted-notice")).toHaveText("Deleted the metric api.requests and its 6 series.");
  await expect(page.locator('[data-metric="api.requests"]')).toHaveCount(0);
  await expect(page.locator('[data-metric="queue.depth"]')).toBeVisible();
  expect((await page.request.get("/api/v1/metrics/api.requests", { headers: auth })).status()).toBe(404);
  const history = await page.request.post("/api/v1/query", { headers: auth, data: { source: "metric", name: "api.requests", aggregation: "sum", range: "30d" } });
  if (history.status() === 200) expect((await history.json()).series).toEqual([]);
  else expect(history.status()).toBe(404);
  expect((await page.goto(catalog.metricUrl("api.requests")))?.status()).toBe(404);
  // The other metric keeps its history.
  const kept = await page.request.post("/api/v1/query", { headers: auth, data: { source: "metric", name: "queue.depth", aggregation: "avg", range: "30d" } });
  expect((await kept.json()).series.length).toBe(1);

  await page.goto(catalog.eventUrl("signup"));
  await page.getByRole("button", { name: "Delete event…" }).click();
  await page.getByRole("dialog").getByLabel("Confirm the event name").fill("signup");
  await page.getByRole("dialog").getByRole("button", { name: "Delete event" }).click();
  await expect(page.getByTestId("deleted-notice")).toHaveText(`Deleted the event signup and its ${POINTS} events.`);
  await expect(page.locator('[data-event="signup"]')).toHaveCount(0);
  expect((await page.request.get("/api/v1/event-names/signup", { headers: auth })).status()).toBe(404);
  const events = await page.request.post("/api/v1/query", { headers: auth, data: { source: "event", name: "signup", aggregation: "count", range: "30d" } });
  expect(events.status()).toBe(200);
  const counted = ((await events.json()).series as { total: number | null }[]).reduce((s, x) => s + (x.total ?? 0), 0);
  expect(counted).toBe(0);
  const listed = await page.request.get("/api/v1/events?name=signup", { headers: auth });
  expect((await listed.json()).events).toEqual([]);
});

// Letters of any script, combining marks and separators are valid names; markup, quotes and
// bidi controls arrive through display names, units, descriptions, tags and properties.
const HOSTILE_NAME = `עברית/عربي:Z̸̡̛a̷l̶g̵o.${"ñ̃".repeat(30)}/${"x".repeat(200)}`.slice(0, 200);
const HOSTILE_DISPLAY = `<script>window.__xss=1</script>"'\u200F${HOSTILE_STRINGS.imgOnerror}${"W".repeat(200)}`.slice(0, 200);

test("hostile names and metadata render as text on the catalog and detail pages without widening them; unknown or hostile URLs are not found", async ({ page }) => {
  const log = await watchForInjection(page);
  const { projectId, key } = await setUp(page, "cat-hostile");
  const auth = { authorization: `Bearer ${key}` };
  const values = Object.values(HOSTILE_STRINGS).filter((v) => v.length <= 100);
  const times = recentTimes(values.length);
  await ingest(page.request, key, "/api/v1/metrics/batch", {
    metrics: values.map((v, i) => ({ type: "counter", name: HOSTILE_NAME, value: i + 1, tags: { [HOSTILE_STRINGS.attrBreakDouble]: v }, timestamp: times[i] })),
  });
  await ingest(page.request, key, "/api/v1/events/batch", {
    events: values.map((v, i) => ({ name: HOSTILE_NAME, timestamp: times[i], properties: { [HOSTILE_STRINGS.scriptClose]: v } })),
  });
  const patch = await page.request.patch(`/api/v1/metrics/${encodeURIComponent(HOSTILE_NAME)}`, {
    headers: auth,
    data: { displayName: HOSTILE_DISPLAY, unit: `<b data-xss-probe>ms</b>`, description: `${HOSTILE_STRINGS.scriptClose}\n${HOSTILE_STRINGS.bidi}` },
  });
  expect(patch.status(), await patch.text()).toBe(200);

  const catalog = new CatalogPage(page, projectId);
  await catalog.openFromHome("metric", HOSTILE_NAME);
  const h1 = page.getByRole("heading", { level: 1 });
  expect(await h1.evaluate((e) => e.textContent)).toBe(HOSTILE_DISPLAY);
  expect(await page.getByTestId("catalog-name").evaluate((e) => e.textContent)).toBe(HOSTILE_NAME);
  expect(await page.getByTestId("catalog-unit").evaluate((e) => e.textContent)).toBe("<b data-xss-probe>ms</b>");
  await expect(page.getByLabel("Display name")).toHaveValue(HOSTILE_DISPLAY);
  // One line per value, the largest BREAKDOWN_LIMIT of them and "other" for the rest.
  const lines = Math.min(values.length, BREAKDOWN_LIMIT) + (values.length > BREAKDOWN_LIMIT ? 1 : 0);
  await catalog.chooseBreakdown(HOSTILE_STRINGS.attrBreakDouble);
  await catalog.seriesNames(lines);
  await catalog.expectNoSidewaysScroll();
  await page.setViewportSize({ width: 390, height: 844 });
  await catalog.expectNoSidewaysScroll();
  await expectNothingInjected(page, log, "metric page");

  await page.setViewportSize({ width: 1280, height: 800 });
  await catalog.openFromHome("event", HOSTILE_NAME);
  await expect(page.locator("[data-property]")).toHaveCount(1);
  expect(await page.locator("[data-property] code.catalog-name").evaluate((e) => e.textContent)).toBe(HOSTILE_STRINGS.scriptClose);
  await catalog.chooseBreakdown(HOSTILE_STRINGS.scriptClose);
  await catalog.seriesNames(lines);
  await catalog.expectNoSidewaysScroll();
  await page.setViewportSize({ width: 390, height: 844 });
  await catalog.expectNoSidewaysScroll();
  await page.goto(`/projects/${projectId}`);
  await expect(page.locator("[data-metric]")).toHaveCount(1);
  await catalog.expectNoSidewaysScroll();
  await page.setViewportSize({ width: 1280, height: 800 });
  await catalog.expectNoSidewaysScroll();
  await expectNothingInjected(page, log, "event page and catalog");

  for (const path of [
    catalog.metricUrl("<script>alert(1)</script>"),
    catalog.metricUrl("no.such.metric"),
    catalog.metricUrl("x".repeat(201)),
    catalog.eventUrl("api.requests"),
    catalog.metricUrl("../../settings"),
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  // A %-escape that is not UTF-8 is refused before any page runs.
  expect((await page.goto(`/projects/${projectId}/catalog/metrics/%E0%A4%A`))?.status()).toBe(404);
  await expect(page.locator("body")).toContainText("Not found");
  await expectNothingInjected(page, log, "not found pages");
});

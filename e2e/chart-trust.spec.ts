import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { SettingsPage } from "./support/settings-page";
import { tooltipText } from "./support/hostile-page";
import { plotPoint } from "./support/chart-view";
import { itemColours, lineColours, pixelsOfColour } from "./support/chart-trust";

// Charts a Grafana or Datadog user can trust: a gauge reported every 5 minutes is drawn at
// "last hour", a group keeps its colour when new data changes the ranking, table headers say
// what a column is, and tooltips say in which time zone their times are.

const M = 60_000;
const GAUGE = "e2e.queue.depth";
const SIGNUPS = "e2e.signups";
const ZONE = "Europe/Berlin";
const bucket = (t: number) => Math.floor(t / M) * M;

type Point = [number, number | null];
type Item = Point | { value: Point };
type GraphOption = { series: { id: string; name: string; data: Item[]; itemStyle: { color: string } }[] };
const pointOf = (d: Item): Point => (Array.isArray(d) ? d : d.value);

async function send(page: Page, key: string, metrics: Record<string, unknown>[]): Promise<void> {
  const res = await page.request.post("/api/v1/metrics/batch", { headers: { authorization: `Bearer ${key}` }, data: { metrics } });
  expect(res.status(), await res.text()).toBe(202);
  expect((await res.json()).rejected ?? []).toEqual([]);
}

const signup = (plan: string, value: number, at: number) => ({ type: "counter", name: SIGNUPS, value, tags: { plan }, timestamp: new Date(at).toISOString() });
const byPlan = { source: "metric", name: SIGNUPS, aggregation: "sum", filters: [], groupBy: ["plan"] };
const gaugeQuery = { source: "metric", name: GAUGE, aggregation: "avg", filters: [], groupBy: [] };

async function setUp(page: Page) {
  await signUp(page, newAccount("trust"));
  const projectId = await createProject(page, "Trust");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const key = await settings.createKey("Charts", ["ingest", "read", "admin"]);
  const now = Date.now();
  // A gauge read every 5 minutes: each reading alone in its 1-minute bucket at "last hour".
  const readings = Array.from({ length: 11 }, (_, i) => bucket(now - (52 - i * 5) * M) + 10_000);
  await send(page, key, readings.map((t, i) => ({ type: "gauge", name: GAUGE, value: 20 + i * 3, timestamp: new Date(t).toISOString() })));
  // Signups: free leads pro.
  await send(page, key, [signup("free", 50, now - 40 * M), signup("pro", 10, now - 30 * M), signup("team", 5, now - 20 * M)]);
  const meta = await page.request.patch(`/api/v1/metrics/${SIGNUPS}`, { headers: { authorization: `Bearer ${key}` }, data: { displayName: "Signups" } });
  expect(meta.status(), await meta.text()).toBe(200);
  const dashboard = {
    name: "Trust",
    range: "1h",
    timezone: ZONE,
    widgets: [
      { id: "gauge", x: 0, y: 0, w: 6, h: 4, config: { type: "graph", title: "Queue depth", queries: [gaugeQuery], style: "line", compare: false } },
      { id: "gaps", x: 6, y: 0, w: 6, h: 4, config: { type: "graph", title: "Queue depth, gaps", queries: [gaugeQuery], style: "line", compare: false, fill: "none" } },
      { id: "plans", x: 0, y: 4, w: 6, h: 4, config: { type: "graph", title: "Signups by plan", queries: [byPlan], style: "line", compare: false } },
      { id: "plan-bars", x: 6, y: 4, w: 6, h: 4, config: { type: "bar", title: "Signups by plan", query: byPlan, orientation: "vertical" } },
      { id: "plan-table", x: 0, y: 8, w: 6, h: 3, config: { type: "table", title: "Plans", queries: [byPlan] } },
      { id: "plan-pie", x: 6, y: 8, w: 6, h: 4, config: { type: "pie", title: "Plans", query: byPlan, donut: true } },
    ],
  };
  const created = await page.request.post("/api/v1/dashboards", { headers: { authorization: `Bearer ${key}` }, data: dashboard });
  expect(created.status(), await created.text()).toBe(201);
  return { projectId, key, dashboardId: (await created.json()).id as string, readings };
}

test("a sparse gauge is drawn at the last hour, colours follow the group when ranks change, headers and tooltips say what they show", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 1100 });
  const { projectId, key, dashboardId, readings } = await setUp(page);
  const board = new DashboardPage(page, projectId, dashboardId);
  await board.open();

  // The gauge carries each reading to the next, and the last one up to now: a line, not nothing.
  await expect.poll(async () => {
    const option = (await board.chartOption("gauge")) as unknown as GraphOption;
    return option.series[0].data.map(pointOf).filter(([, v]) => v !== null).length;
  }, { timeout: 20_000 }).toBeGreaterThan(45);
  const gauge = (await board.chartOption("gauge")) as unknown as GraphOption;
  const carried = gauge.series[0].data.map(pointOf);
  const first = carried.findIndex(([, v]) => v !== null);
  expect(carried[first][0]).toBe(bucket(readings[0]));
  expect(carried.slice(0, first).every(([, v]) => v === null)).toBe(true);
  expect(carried[first + 3][1]).toBe(20);
  const colour = gauge.series[0].itemStyle.color;
  // A drawn line: well over a few hundred pixels of its colour on the canvas.
  await expect.poll(() => pixelsOfColour(page, "gauge", colour)).toBeGreaterThan(300);

  // With gaps left, each lone reading is still drawn as a dot of its own.
  const gaps = (await board.chartOption("gaps")) as unknown as GraphOption;
  expect(gaps.series[0].data.filter((d) => !Array.isArray(d))).toHaveLength(readings.length);
  const dots = await pixelsOfColour(page, "gaps", gaps.series[0].itemStyle.color);
  expect(dots).toBeGreaterThan(readings.length * 10);

  // The tooltip names the zone, and says a carried bucket holds an earlier reading.
  const carriedAt = carried[first + 3][0];
  const at = await plotPoint(page, "gauge", carriedAt + M / 5);
  await page.mouse.move(at.x, at.y);
  await expect.poll(() => tooltipText(page, "gauge")).toContain(`(${ZONE})`);
  const readingTime = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(carried[first][0]));
  expect(await tooltipText(page, "gauge")).toContain(`last reading ${readingTime}`);

  // The table heads its column with the display name and the aggregation, as written.
  const header = page.getByTestId("table-plan-table").locator("thead th").nth(2);
  await expect(header).toHaveText(/^Signups · sum/);
  await expect(header).toHaveCSS("text-transform", "none");

  // Colours before: free leads.
  const linesBefore = await lineColours(page, "plans");
  const barsBefore = await itemColours(page, "plan-bars");
  const slicesBefore = await itemColours(page, "plan-pie");
  expect(barsBefore.map(([name]) => name)).toEqual(["free", "pro", "team"]);
  // One group, one colour, in every widget.
  for (const [name, c] of barsBefore) {
    expect(linesBefore[name]).toBe(c);
    expect(Object.fromEntries(slicesBefore)[name]).toBe(c);
  }
  expect(new Set(barsBefore.map(([, c]) => c)).size).toBe(3);

  // New data: pro overtakes free, team overtakes both. Ranks change, colours do not.
  await send(page, key, [signup("pro", 100, Date.now() - 5 * M), signup("team", 200, Date.now() - 4 * M)]);
  await page.reload();
  await expect.poll(async () => (await itemColours(page, "plan-bars")).map(([name]) => name), { timeout: 20_000 }).toEqual(["team", "pro", "free"]);
  const barsAfter = Object.fromEntries(await itemColours(page, "plan-bars"));
  expect(barsAfter).toEqual(Object.fromEntries(barsBefore));
  expect(await lineColours(page, "plans")).toEqual(linesBefore);
  expect(Object.fromEntries(await itemColours(page, "plan-pie"))).toEqual(Object.fromEntries(slicesBefore));

  // Another range: the same colours.
  await page.getByTestId("range-select").selectOption("6h");
  await expect.poll(async () => (await board.chartOption("plans")).series.length).toBe(3);
  await expect.poll(() => lineColours(page, "plans")).toEqual(linesBefore);
});

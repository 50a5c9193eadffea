import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { SettingsPage } from "./support/settings-page";
import { tooltipText } from "./support/hostile-page";
import { chartState, dragAcross, legendEntry, plotPoint } from "./support/chart-view";
import { formatValue } from "../lib/format/format-value";

// A graph that takes live data is updated in place: the tooltip under a still pointer shows
// the new value, a line hidden in the legend stays hidden and the zoom stays where the user
// dragged it. Zoom is reset by its button, a double-click or another dashboard range, and the
// mouse wheel scrolls the page rather than zooming.

const M = 60_000;
const METRIC = "e2e.requests";
const ALPHA = "alpha-host";
const BETA = "beta-host";
const bucket = (t: number) => Math.floor(t / M) * M;

type Point = [number, number | null];
type GraphOption = { series: { name: string; data: Point[] }[]; xAxis: { min: number; max: number; minInterval: number } };

async function send(page: Page, key: string, metrics: Record<string, unknown>[]): Promise<void> {
  const res = await page.request.post("/api/v1/metrics/batch", { headers: { authorization: `Bearer ${key}` }, data: { metrics } });
  expect(res.status(), await res.text()).toBe(202);
  expect((await res.json()).rejected ?? []).toEqual([]);
}

const counter = (host: string, value: number, at: number) => ({ type: "counter", name: METRIC, value, tags: { host }, timestamp: new Date(at).toISOString() });
const query = (groupBy: string[]) => ({ source: "metric", name: METRIC, aggregation: "sum", filters: [], groupBy });

async function setUp(page: Page) {
  await signUp(page, newAccount("charts"));
  const projectId = await createProject(page, "Live charts");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const key = await settings.createKey("Charts", ["ingest", "read", "admin"]);
  // One point a minute for the last 55 minutes on two hosts.
  const now = Date.now();
  const points = Array.from({ length: 55 }, (_, i) => bucket(now - (i + 1) * M) + 5_000);
  await send(page, key, points.flatMap((t, i) => [counter(ALPHA, 10 + (i % 7), t), counter(BETA, 50 + (i % 3), t)]));
  const dashboard = {
    name: "Requests",
    range: "1h",
    refreshSeconds: 0,
    widgets: [
      { id: "graph", x: 0, y: 0, w: 12, h: 5, config: { type: "graph", title: "Requests by host", queries: [query(["host"])], style: "line", compare: false } },
      { id: "total", x: 0, y: 5, w: 4, h: 3, config: { type: "number", title: "Requests", query: query([]), higherIsBetter: true, thresholds: [] } },
    ],
  };
  const created = await page.request.post("/api/v1/dashboards", { headers: { authorization: `Bearer ${key}` }, data: dashboard });
  expect(created.status(), await created.text()).toBe(201);
  return { projectId, key, dashboardId: (await created.json()).id as string };
}

const graphOption = (board: DashboardPage) => board.chartOption("graph") as unknown as Promise<GraphOption>;
const valueAt = (option: GraphOption, name: string, time: number) => option.series.find((s) => s.name === name)?.data.find(([t]) => t === time)?.[1];

test("a graph updates in place under live data: the tooltip follows the new value, hidden lines stay hidden, the zoom stays until reset or another range", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 800 });
  const { projectId, key, dashboardId } = await setUp(page);
  const board = new DashboardPage(page, projectId, dashboardId);
  await board.open();
  const first = await graphOption(board);
  expect(first.series.map((s) => s.name).sort()).toEqual([ALPHA, BETA]);
  expect(first.xAxis.minInterval).toBe(M);
  const start = first.xAxis.max;

  // Refetch on a timer, so that new data arrives while the pointer stays still (a live
  // dashboard refetches sooner on its own).
  const choices = await page.getByTestId("refresh-select").locator("option").evaluateAll((os) => os.map((o) => Number((o as HTMLOptionElement).value)).filter((v) => v > 0));
  await page.getByTestId("refresh-select").selectOption(String(Math.min(...choices)));

  // Hide beta in the legend, then drag across the plot from 45 to 15 minutes ago.
  const beta = await legendEntry(page, "graph", BETA);
  await page.mouse.click(beta.x, beta.y);
  await expect.poll(async () => (await chartState(page, "graph")).selected[BETA]).toBe(false);
  await dragAcross(page, "graph", start - 45 * M, start - 15 * M);
  await expect(page.getByTestId("chart-reset-zoom")).toBeVisible();
  const zoom = (await chartState(page, "graph")).zoom!;
  expect(Math.abs(zoom.startValue - (start - 45 * M))).toBeLessThan(M / 2);
  expect(Math.abs(zoom.endValue - (start - 15 * M))).toBeLessThan(M / 2);

  // Hover the bucket of 30 minutes ago: the tooltip shows alpha's value there, and no beta.
  const hovered = bucket(start - 30 * M);
  const before = valueAt(first, ALPHA, hovered)!;
  // A point is drawn at its bucket's start: a quarter into the bucket is nearest to it (the
  // middle is as near to the next one, and the axis pointer may take either).
  const at = await plotPoint(page, "graph", hovered + M / 4);
  await page.mouse.move(at.x, at.y);
  await expect.poll(() => tooltipText(page, "graph")).toContain(formatValue(before));
  expect(await tooltipText(page, "graph")).not.toContain(BETA);
  await page.evaluate(() => ((window.__fluxChartInstances!.graph as unknown as { marked?: boolean }).marked = true));

  // New data, without moving the pointer: a late point in the hovered bucket, and a new latest point.
  const latest = Date.now();
  await send(page, key, [counter(ALPHA, 1000, hovered + 20_000), counter(ALPHA, 7, latest)]);
  await expect.poll(async () => valueAt(await graphOption(board), ALPHA, hovered), { timeout: 75_000 }).toBe(before + 1000);
  const updated = await graphOption(board);
  expect(valueAt(updated, ALPHA, bucket(latest))).toBe(7);

  // The same chart, updated in place: the tooltip shows the new value under the still pointer,
  // beta is still hidden and the zoom is where it was.
  expect(await page.evaluate(() => (window.__fluxChartInstances!.graph as unknown as { marked?: boolean }).marked)).toBe(true);
  await expect.poll(() => tooltipText(page, "graph")).toContain(formatValue(before + 1000));
  expect(await tooltipText(page, "graph")).not.toContain(BETA);
  const after = await chartState(page, "graph");
  expect(after.selected[BETA]).toBe(false);
  expect(after.zoom).toEqual(zoom);

  // The PNG export still draws the chart.
  const widget = page.getByTestId("widget-graph");
  await widget.getByLabel(/^Actions for/).click();
  const download = page.waitForEvent("download");
  await widget.getByRole("menuitem", { name: "Download PNG" }).click();
  const png = fs.readFileSync((await (await download).path())!);
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  expect(png.length).toBeGreaterThan(5_000);

  // Reset zoom shows the whole range and goes away; a double-click on the plot does the same.
  await page.getByTestId("chart-reset-zoom").click();
  await expect.poll(async () => (await chartState(page, "graph")).zoom).toBeNull();
  await expect(page.getByTestId("chart-reset-zoom")).toHaveCount(0);
  await dragAcross(page, "graph", start - 40 * M, start - 20 * M);
  await expect.poll(async () => (await chartState(page, "graph")).zoom).not.toBeNull();
  const inside = await plotPoint(page, "graph", start - 30 * M);
  await page.mouse.dblclick(inside.x, inside.y);
  await expect.poll(async () => (await chartState(page, "graph")).zoom).toBeNull();
  await expect(page.getByTestId("chart-reset-zoom")).toHaveCount(0);

  // The mouse wheel over a (zoomed) chart scrolls the page and leaves the zoom alone.
  await dragAcross(page, "graph", start - 40 * M, start - 20 * M);
  const wheelZoom = (await chartState(page, "graph")).zoom;
  expect(wheelZoom).not.toBeNull();
  expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const over = await plotPoint(page, "graph", start - 30 * M);
  await page.mouse.move(over.x, over.y);
  await page.mouse.wheel(0, 300);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  expect((await chartState(page, "graph")).zoom).toEqual(wheelZoom);

  // Another dashboard range shows the whole of it.
  await page.getByTestId("range-select").selectOption("6h");
  await expect.poll(async () => (await graphOption(board)).xAxis.max - (await graphOption(board)).xAxis.min, { timeout: 20_000 }).toBeGreaterThan(5 * 60 * M);
  await expect.poll(async () => (await chartState(page, "graph")).zoom).toBeNull();
  await expect(page.getByTestId("chart-reset-zoom")).toHaveCount(0);
  expect((await chartState(page, "graph")).selected[BETA]).toBe(false);
});

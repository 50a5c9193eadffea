import { expect, test, type Page } from "@playwright/test";
import { encodeExploreQuery } from "../lib/assistant/links";
import type { SingleQuery } from "../lib/query/model";
import { EXPLORE_CHART_ID } from "../components/explore/explore-chart";
import { PLANS, seedMetrics, setUp } from "./support/catalog-data";
import { shot } from "./support/screenshots";

// The page an Ask Flux or MCP answer links to: the query in the link, drawn in Chromium by
// the dashboard's own renderers, with the numbers the ingest API was sent.

const sum = (data: [number, number | null][]) => data.reduce((s, [, v]) => s + (v ?? 0), 0);

type Drawn = { series: { name: string; data: [number, number | null][] }[] };

/** Coloured (saturated) pixels on the chart's canvas: lines drawn, not only grey axes and labels. */
const colouredPixels = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>("[data-testid='explore-chart'] canvas");
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) n++;
    return n;
  });

async function drawn(page: Page, count: number): Promise<Drawn> {
  await page.waitForFunction(({ id, count }) => ((window.__fluxCharts?.[id] as { series?: unknown[] } | undefined)?.series?.length ?? 0) === count, { id: EXPLORE_CHART_ID, count });
  return page.evaluate((id) => JSON.parse(JSON.stringify(window.__fluxCharts![id])), EXPLORE_CHART_ID);
}

test("a link's query opens as a drawn graph, titled in words with its range and zone, the query in a details; a broken link says so", async ({ page }) => {
  const { projectId, key } = await setUp(page, "explore");
  const totals = await seedMetrics(page.request, key);
  const query: SingleQuery = { source: "metric", name: "api.requests", aggregation: "sum", groupBy: ["plan"], limit: 10, range: "24h", interval: "1h", timezone: "Europe/Berlin" };
  await page.goto(`/projects/${projectId}/explore?q=${encodeExploreQuery(query)}`);

  await expect(page.getByTestId("explore-title")).toHaveText("sum of api.requests by plan");
  await expect(page.getByTestId("explore-range")).toContainText("(Europe/Berlin)");
  await expect(page.getByTestId("explore-range")).toContainText("interval 1h");
  const chart = await drawn(page, PLANS.length);
  expect(Object.fromEntries(chart.series.map((s) => [s.name, sum(s.data)]))).toEqual(totals);
  await expect.poll(() => colouredPixels(page), { message: "line pixels on the canvas" }).toBeGreaterThan(150);
  await page.getByText("The query (runQuery input)").click();
  expect(JSON.parse((await page.getByTestId("explore-query").locator("pre").textContent()) ?? "")).toEqual(query);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shot("explore-graph.png"), fullPage: true });

  // One total is a number.
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  await page.goto(`/projects/${projectId}/explore?q=${encodeExploreQuery({ source: "metric", name: "api.requests", aggregation: "sum", range: "5h", interval: "1w" })}`);
  await expect(page.getByTestId("explore-chart")).toHaveAttribute("data-widget-type", "number");
  await expect(page.getByTestId("explore-chart")).toContainText(total.toLocaleString("en-US"));

  await page.goto(`/projects/${projectId}/explore?q=${encodeExploreQuery({ source: "metric", name: "api.requests", aggregation: "p99" })}`);
  await expect(page.getByTestId("explore-problem")).toContainText("A counter metric aggregates by sum");
  await page.goto(`/projects/${projectId}/explore?q=broken.link`);
  await expect(page.getByTestId("explore-problem")).toContainText("not base64url");
});

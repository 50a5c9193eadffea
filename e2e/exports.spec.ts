import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { SettingsPage } from "./support/settings-page";
import { parseCsv } from "./support/hostile-page";
import { shot } from "./support/screenshots";
import { formatValue } from "../lib/format/format-value";

// Exports say what the widget shows: the CSV of a table is the table (its columns and rows,
// values rounded as displayed), the CSV of a graph is its buckets per line, both under a
// header line naming title, range and zone; the PNG carries the title and range above the chart.

const H = 3_600_000;
const ZONE = "Europe/Berlin";
const UNIT = "usd";
const query = (name: string, aggregation: string, groupBy: string[]) => ({ source: "metric", name, aggregation, filters: [], groupBy });

async function setUp(page: Page) {
  await signUp(page, newAccount("exports"));
  const projectId = await createProject(page, "Exports");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const key = await settings.createKey("Exports", ["ingest", "read", "admin"]);
  // Amounts whose sums carry binary float noise (65.89 × 3 = 197.67000000000002), in a unit
  // the catalog learns from the points' `unit` tag.
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(Math.floor((now - hoursAgo * H) / H) * H + 60_000).toISOString();
  const metrics = [
    ...[2, 3, 4].map((h) => ({ type: "counter", name: "revenue", value: 65.89, tags: { plan: "pro", unit: UNIT }, timestamp: at(h) })),
    ...[2, 2, 5, 9].map((h) => ({ type: "counter", name: "revenue", value: 0.1 + h / 10, tags: { plan: "free", unit: UNIT }, timestamp: at(h) })),
    ...[2, 3, 7].map((h, i) => ({ type: "gauge", name: "basket", value: 10.123 * (i + 1), tags: { plan: "pro", unit: UNIT }, timestamp: at(h) })),
    ...[2, 5].map((h, i) => ({ type: "gauge", name: "basket", value: 3.3333 * (i + 1), tags: { plan: "free", unit: UNIT }, timestamp: at(h) })),
  ];
  const sent = await page.request.post("/api/v1/metrics/batch", { headers: { authorization: `Bearer ${key}` }, data: { metrics } });
  expect(sent.status(), await sent.text()).toBe(202);
  const dashboard = {
    name: "Exports",
    range: "24h",
    timezone: ZONE,
    refreshSeconds: 0,
    widgets: [
      { id: "table", x: 0, y: 0, w: 6, h: 4, config: { type: "table", title: "Revenue by plan", unit: UNIT, queries: [query("revenue", "sum", ["plan"]), query("basket", "avg", ["plan"])] } },
      { id: "graph", x: 6, y: 0, w: 6, h: 4, config: { type: "graph", title: "Revenue over time", unit: UNIT, queries: [query("revenue", "sum", ["plan"])], style: "line", compare: false } },
    ],
  };
  const created = await page.request.post("/api/v1/dashboards", { headers: { authorization: `Bearer ${key}` }, data: dashboard });
  expect(created.status(), await created.text()).toBe(201);
  return new DashboardPage(page, projectId, (await created.json()).id as string);
}

async function downloadFrom(page: Page, widget: Locator, item: "Download CSV" | "Download PNG") {
  await widget.getByLabel(/^Actions for/).click();
  const download = page.waitForEvent("download");
  await widget.getByRole("menuitem", { name: item }).click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

async function downloadCsv(page: Page, widget: Locator) {
  const { name, bytes } = await downloadFrom(page, widget, "Download CSV");
  const [header, columns, ...rows] = parseCsv(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  return { name, header, columns, rows };
}

/** The header line names the title, the range as picked and as queried, and the zone. */
function expectHeader(header: string[], title: string) {
  expect(header).toHaveLength(1);
  expect(header[0]).toMatch(new RegExp(`^# ${title} — Last 24 hours \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d – \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d, ${ZONE}\\)`));
}

/** A number as written in the CSV: plain digits, no float noise. */
const NUMBER = /^-?\d+(\.\d{1,3})?$/;

test("a table's CSV is the table: its columns named as headed, with units, and its values rounded as shown", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const board = await setUp(page);
  await board.open();
  const widget = page.getByTestId("widget-table");
  const table = widget.locator("table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  const headings = (await table.locator("thead th button").allTextContents()).map((t) => t.replace(/ [↓↑]$/, ""));
  const shown = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.textContent ?? "")));

  const csv = await downloadCsv(page, widget);
  expect(csv.name).toBe("revenue-by-plan.csv");
  expectHeader(csv.header, "Revenue by plan");
  expect(csv.header[0]).toContain(`· unit ${UNIT}`);
  // Named, unique columns: the group, then each query headed as the table heads it, with its unit.
  expect(new Set(csv.columns).size).toBe(csv.columns.length);
  expect(csv.columns.every((c) => c.trim() !== "")).toBe(true);
  expect(csv.columns).toHaveLength(headings.length);
  expect(csv.columns[0]).toBe(headings[0]);
  for (let i = 1; i < headings.length; i++) expect(csv.columns[i]).toBe(`${headings[i]} (${UNIT})`);
  // The same rows in the same order, each value the number the cell shows.
  const body = csv.rows.filter((r) => r[0] !== "Total");
  expect(body.map((r) => r[0])).toEqual(shown.map((r) => r[0]));
  body.forEach((row, r) => {
    row.slice(1).forEach((cell, c) => {
      expect(cell, `row ${r} column ${c}`).toMatch(NUMBER);
      expect(formatValue(Number(cell), UNIT)).toBe(shown[r][c + 1]);
    });
  });
  expect(body.find((r) => r[0] === "pro")![1]).toBe("197.67");
  // The footer's total of the additive column, as shown.
  const total = csv.rows.find((r) => r[0] === "Total")!;
  await expect(table.locator("tfoot td").nth(2)).toHaveText(formatValue(Number(total[1]), UNIT));
});

test("a graph's CSV has a row per bucket and a named column per line; its PNG carries the title and range above the chart", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const board = await setUp(page);
  await board.open();
  const widget = page.getByTestId("widget-graph");
  const option = await board.chartOption("graph");
  const lines = option.series as { name: string; data: [number, number | null][] }[];
  expect(lines.length).toBe(2);

  const csv = await downloadCsv(page, widget);
  expect(csv.name).toBe("revenue-over-time.csv");
  expectHeader(csv.header, "Revenue over time");
  expect(csv.columns).toEqual([`time (${ZONE})`, ...lines.map((l) => `${l.name} (${UNIT})`)]);
  const when = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const local = (t: number) => when.format(new Date(t)).replace(", ", " ");
  const times = [...new Set(lines.flatMap((l) => l.data.map(([t]) => t)))].sort((a, b) => a - b);
  expect(csv.rows.map((r) => r[0])).toEqual(times.map(local));
  let values = 0;
  lines.forEach((line, i) => {
    for (const [t, v] of line.data) {
      const cell = csv.rows[times.indexOf(t)][i + 1];
      if (v === null) {
        expect(cell).toBe("");
        continue;
      }
      values++;
      expect(cell).toMatch(NUMBER);
      // What the tooltip says for this point, read back from the CSV.
      expect(formatValue(Number(cell), UNIT)).toBe(formatValue(v, UNIT));
    }
  });
  expect(values).toBeGreaterThanOrEqual(5);

  // The PNG: the chart (drawn at twice its CSS size) under a band holding the title and the range.
  const chart = await page.evaluate(() => {
    const c = window.__fluxChartInstances!.graph;
    return { width: c.getWidth(), height: c.getHeight() };
  });
  const png = await downloadFrom(page, widget, "Download PNG");
  expect(png.name).toBe("revenue-over-time.png");
  expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");
  fs.mkdirSync(path.dirname(shot("export-graph.png")), { recursive: true });
  fs.writeFileSync(shot("export-graph.png"), png.bytes);
  const width = png.bytes.readUInt32BE(16);
  const height = png.bytes.readUInt32BE(20);
  expect(width).toBe(chart.width * 2);
  expect(height).toBeGreaterThan(chart.height * 2 + 40);
  // Decoded in the browser: both halves of the top band hold text (pixels unlike the background).
  const inked = await page.evaluate(async ({ b64, band }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const count = (y0: number, y1: number) => {
      const d = ctx.getImageData(0, y0, img.width, y1 - y0).data;
      const [r, g, b] = [d[0], d[1], d[2]];
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) > 60) n++;
      return n;
    };
    return { title: count(0, Math.floor(band / 2)), caption: count(Math.floor(band / 2), band) };
  }, { b64: png.bytes.toString("base64"), band: height - chart.height * 2 });
  expect(inked.title).toBeGreaterThan(100);
  expect(inked.caption).toBeGreaterThan(100);
});

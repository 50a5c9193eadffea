import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { SettingsPage } from "./support/settings-page";
import { expectNothingInjected, hoverEverything, parseCsv, watchForInjection } from "./support/hostile-page";
import { HOSTILE_STRINGS, LONG_HOSTILE } from "../components/charts/testing/hostile-strings";
import { plainText } from "../lib/format/escape-html";

// Stored XSS, the whole class: hostile strings go in through the real ingest API with an
// ingest-only key (the kind that sits in browsers) and through the API an admin key uses for
// units, display names, dashboard and widget names. Every widget type is drawn over them,
// every chart item and legend entry hovered, the editor, catalog, events page and CSV export
// used – and nothing may run, be injected or be fetched.

const HOSTILE = Object.values(HOSTILE_STRINGS);
const IMG = HOSTILE_STRINGS.imgOnerror;
/** Names allow letters, marks, digits and . _ - : / only: a javascript: URL, right-to-left letters, a mark. */
const EVENT = "javascript:xss.עִברית";
const METRIC = "javascript:xss-probe.invalid";
const TAG_KEY = `<b data-xss-probe onmouseover="window.__xss='key'">k</b>`;
const UNIT = `<img src=x onerror=alert('unit')>`;
const WIDGET_UNIT = "<svg/onload=alert(1)";
const DASHBOARD = `<img src=x onerror="alert('dash')" data-xss-probe> \u202Eboard`;
/** At most 120 characters, as widget titles are. */
const title = (type: string) => `${type} ${HOSTILE_STRINGS.attrBreakDouble} </script><b data-xss-probe>`;
const label = (n: number) => `${n} <img src=x onerror=alert('label') data-xss-probe>`;

async function send(request: APIRequestContext, key: string, path: string, body: unknown): Promise<void> {
  const res = await request.post(path, { headers: { authorization: `Bearer ${key}` }, data: body });
  expect(res.status(), await res.text()).toBe(202);
  const answer = await res.json();
  expect(answer.rejected ?? [], JSON.stringify(answer.rejected)).toEqual([]);
}

/** Events and metric points carrying every hostile string, spread over the last day. */
async function ingestHostileData(request: APIRequestContext, ingestKey: string): Promise<void> {
  const now = Date.now();
  const at = (i: number) => new Date(now - (i + 1) * 37 * 60_000).toISOString();
  const events: Record<string, unknown>[] = HOSTILE.flatMap((h, i) => [0, 1].map((j) => ({
    name: EVENT,
    timestamp: at(i * 2 + j),
    value: 10 + i,
    user_id: h,
    properties: { plan: h, [h]: h, nested: { deep: h } },
    tags: { source: h, [TAG_KEY]: h },
  })));
  events.push({ name: EVENT, timestamp: at(60), value: 7, user_id: "long", properties: { plan: LONG_HOSTILE }, tags: { source: "long", [TAG_KEY]: "long" } });
  await send(request, ingestKey, "/api/v1/events/batch", { events });
  const metrics = HOSTILE.flatMap((h, i) => [0, 1, 2].map((j) => ({ type: "counter", name: METRIC, value: i + j + 1, tags: { [TAG_KEY]: h }, timestamp: at(i + j) })));
  await send(request, ingestKey, "/api/v1/metrics/batch", { metrics });
}

const q = (over: Record<string, unknown>) => ({ source: "event", name: EVENT, aggregation: "sum", filters: [], groupBy: [], limit: 50, ...over });

/** One dashboard with every widget type over the hostile data, hostile names everywhere. */
function hostileDashboard() {
  const widget = (id: string, x: number, y: number, w: number, h: number, config: Record<string, unknown>) => ({ id, x, y, w, h, config: { title: title(String(config.type)), unit: WIDGET_UNIT, ...config } });
  return {
    name: DASHBOARD,
    range: "7d",
    widgets: [
      widget("number", 0, 0, 4, 2, { type: "number", query: q({ aggregation: "count", label: label(1) }), higherIsBetter: true, thresholds: [] }),
      widget("table", 4, 0, 8, 4, { type: "table", queries: [q({ aggregation: "count", groupBy: ["user_id"], label: label(2) }), q({ groupBy: ["user_id"], label: label(3) })] }),
      widget("graph", 0, 4, 12, 4, {
        type: "graph", style: "stacked", compare: true,
        queries: [q({ source: "metric", name: METRIC, groupBy: [TAG_KEY], label: label(4) }), q({ groupBy: ["tags.source"], label: label(5) })],
      }),
      widget("bar", 0, 8, 6, 5, { type: "bar", orientation: "horizontal", query: q({ groupBy: ["plan"], label: label(6) }) }),
      widget("pie", 6, 8, 6, 5, { type: "pie", donut: true, query: q({ groupBy: ["plan"], label: label(7) }) }),
      widget("heatmap", 0, 13, 12, 4, { type: "heatmap", mode: "week_hours", query: q({ aggregation: "count", label: label(8) }) }),
    ],
  };
}

async function setUp(page: Page) {
  await signUp(page, newAccount("hostile"), `<img src=x onerror=alert('user')> Mallory`);
  const projectId = await createProject(page, `<img src=x onerror=alert('project')> "'>`);
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const ingestKey = await settings.createKey("Browser <img src=x onerror=alert(1)>", ["ingest"]);
  const adminKey = await settings.createKey("Admin", ["ingest", "read", "admin"]);
  await ingestHostileData(page.request, ingestKey);
  const auth = { authorization: `Bearer ${adminKey}` };
  const meta = await page.request.patch(`/api/v1/metrics/${encodeURIComponent(METRIC)}`, { headers: auth, data: { unit: UNIT, displayName: IMG, description: HOSTILE_STRINGS.scriptClose } });
  expect(meta.status(), await meta.text()).toBe(200);
  const created = await page.request.post("/api/v1/dashboards", { headers: auth, data: hostileDashboard() });
  expect(created.status(), await created.text()).toBe(201);
  return { projectId, dashboardId: (await created.json()).id as string };
}

/** The start of a label as a tooltip shows it: cleaned like plainText, white space collapsed. */
const shown = (s: string) => Array.from(oneSpace(plainText(s))).slice(0, 30).join("");
const oneSpace = (s: string) => s.replace(/\s+/g, " ");

test("hostile names, tags, properties, user ids and units never run, inject or fetch anything in any widget, the editor, the catalog or the CSV", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 1100 });
  const log = await watchForInjection(page);
  const { projectId, dashboardId } = await setUp(page);

  // The catalog shows the unit and display name as the text they are.
  await page.goto(`/projects/${projectId}`);
  const catalog = page.getByTestId("catalog");
  await expect(catalog.locator(`[data-metric="${METRIC}"]`)).toContainText(UNIT);
  await expect(catalog.locator(`[data-metric="${METRIC}"]`)).toContainText(IMG);
  await expect(catalog).toContainText(EVENT);
  await expectNothingInjected(page, log, "project home and catalog");

  await page.goto(`/projects/${projectId}/events`);
  await expect(page.getByRole("table", { name: "Events" })).toContainText(HOSTILE_STRINGS.anchorJsUrl);
  await expectNothingInjected(page, log, "events page");

  await page.goto(`/projects/${projectId}/dashboards`);
  await expect(page.locator(`a[href$="/dashboards/${dashboardId}"]`).first()).toHaveText(DASHBOARD);
  await expectNothingInjected(page, log, "dashboard list");

  const board = new DashboardPage(page, projectId, dashboardId);
  await board.open();
  await expect(board.widgets()).toHaveCount(6);
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);
  for (const type of ["number", "table", "graph", "bar", "pie", "heatmap"]) {
    const w = page.getByTestId(`widget-${type}`);
    await expect(w.getByRole("heading", { level: 3 })).toHaveText(title(type));
    await expect(w.locator(".widget-message")).toHaveCount(0);
  }
  await expect(page.getByTestId("widget-number").getByTestId("number-value")).toHaveAttribute("data-value", String(HOSTILE.length * 2 + 1));
  const table = page.getByTestId("table-table");
  for (const h of [IMG, HOSTILE_STRINGS.scriptClose, HOSTILE_STRINGS.attrBreakSingle]) await expect(table.locator("tbody")).toContainText(h);
  await expectNothingInjected(page, log, "dashboard drawn");

  // Hover every slice, bar, cell, line point, legend entry and label of every chart.
  const tooltips: Record<string, string[]> = {};
  for (const id of ["number", "graph", "bar", "pie", "heatmap"]) {
    await page.getByTestId(`widget-${id}`).scrollIntoViewIfNeeded();
    tooltips[id] = await hoverEverything(page, id);
    await expectNothingInjected(page, log, `hovering ${id}`);
  }
  // Tooltips show the hostile group labels as text: escaped once, not dropped.
  const seen = (id: string) => oneSpace(tooltips[id].join("\n"));
  for (const h of [...HOSTILE, LONG_HOSTILE]) expect(seen("pie"), `pie tooltip for ${JSON.stringify(h.slice(0, 40))}`).toContain(shown(h));
  expect(tooltips.pie.every((t) => t.length < 1_000)).toBe(true);
  expect(seen("bar")).toContain(IMG);
  expect(seen("graph")).toContain(shown(HOSTILE_STRINGS.scriptClose));
  expect(tooltips.heatmap.filter(Boolean).length).toBeGreaterThan(0);

  // Every widget's CSV: hostile text kept as data, formulas neutralised, numbers numeric.
  for (const id of ["number", "table", "graph", "bar", "pie", "heatmap"]) {
    const w = page.getByTestId(`widget-${id}`);
    await w.getByLabel(/^Actions for/).click();
    const download = page.waitForEvent("download");
    await w.getByRole("menuitem", { name: "Download CSV" }).click();
    const [header, ...rows] = parseCsv(fs.readFileSync(await (await download).path(), "utf8").replace(/^\uFEFF/, ""));
    expect(header, `${id}.csv header line`).toHaveLength(1);
    expect(header[0]).toMatch(/^# /);
    const cells = rows.slice(1).flat();
    const formulas = cells.filter((c) => /^[\s\u0000]*[=+\-@]|^[\t\r\n]/.test(c) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(c));
    expect(formulas, `${id}.csv`).toEqual([]);
    expect(rows.slice(1).every((r) => r.length === rows[0].length), `${id}.csv is rectangular`).toBe(true);
    expect(new Set(rows[0]).size, `${id}.csv column names are unique`).toBe(rows[0].length);
    if (id === "pie" || id === "bar") {
      expect(cells).toContain(IMG);
      expect(cells).toContain(`'${HOSTILE_STRINGS.formulaLink}`);
      expect(cells).toContain(`'${HOSTILE_STRINGS.formulaMinus}`);
      expect(cells).toContain(LONG_HOSTILE);
    }
  }
  await expectNothingInjected(page, log, "CSV export");

  // The editor: catalog picker, query labels, live preview (hovered too).
  const pie = page.getByTestId("widget-pie");
  await pie.getByLabel(/^Actions for/).click();
  await pie.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("picked-item")).toContainText(EVENT);
  await dialog.getByPlaceholder("Search metrics and events…").fill("javascript");
  await expect(dialog.locator(`[data-catalog-item="${METRIC}"]`)).toContainText(IMG);
  await expect(dialog.locator(`[data-catalog-item="${METRIC}"]`)).toContainText(UNIT);
  await expect(dialog.getByTestId("widget-preview").locator(".echart")).toBeVisible();
  const preview = await hoverEverything(page, "preview");
  expect(oneSpace(preview.join("\n"))).toContain(IMG);
  await expectNothingInjected(page, log, "widget editor");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);

  // A new widget picked from the catalog through the editor, over the same data.
  await board.addWidget({ type: "pie", title: HOSTILE_STRINGS.iframe, item: EVENT, aggregation: "sum", groupBy: "plan" });
  await expectNothingInjected(page, log, "adding a widget");
});

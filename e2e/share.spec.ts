import { expect, test, type Page, type Request } from "@playwright/test";
import type { MultiQueryResult } from "../lib/query/model";
import { shot } from "./support/screenshots";
import { chartOption, createLink, demoEditor, editorApi, fluxUrl, framingSite, newEditor, openShared } from "./support/share-visit";

// A share link's visitor: signed out, in a fresh browser context, given only the link.

// The revoked and unknown links below count against this machine's budget of unknown share
// links (its address is every spec's); give them back so later specs' visitors are not blocked.
test.afterAll(async () => {
  const { sql } = await import("../lib/db/client");
  await sql()`DELETE FROM rate_limits WHERE key LIKE 'share:token:address:%' AND key LIKE '%:127.0.0.1'`;
});

/** Every request the page makes, to show what it never asks for. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  return requests;
}

const numbersOf = (data: unknown[]) => data.map((d) => (typeof d === "number" ? d : (d as { value: number }).value)).sort((a, b) => a - b);

test("a visitor sees every widget type of the shared dashboard with the numbers its API answers, and nothing of the project", async ({ page }) => {
  test.slow(); // the demo month is seeded first
  await page.setViewportSize({ width: 1400, height: 2200 });
  const editor = await demoEditor("share-view");
  const { dashboard } = editor;
  expect(new Set(dashboard.widgets.map((w) => w.config.type))).toEqual(new Set(["number", "graph", "bar", "pie", "table", "heatmap"]));
  const link = await createLink(editor, dashboard.id);
  expect(await page.context().cookies()).toEqual([]);
  const requests = recordRequests(page);

  await openShared(page, link.path);
  await expect(page.getByTestId("shared-header")).toContainText(dashboard.name);
  for (const type of ["number", "graph", "bar", "pie", "table", "heatmap"]) await expect(page.locator(`[data-widget-type="${type}"]`).first()).toBeVisible();
  await expect(page.locator("[data-widget-type]")).toHaveCount(dashboard.widgets.length);

  // Fetch every widget again through the visitor's API ("Refresh now") and keep its answers.
  const answers = new Map<string, MultiQueryResult>();
  const pending: Promise<void>[] = [];
  page.on("response", (res) => {
    const id = new RegExp(`/api/v1/shared/${link.token}/widgets/([^/?]+)$`).exec(res.url())?.[1];
    if (id && res.status() === 200) pending.push(res.json().then((body) => void answers.set(decodeURIComponent(id), body as MultiQueryResult)));
  });
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect.poll(() => answers.size).toBe(dashboard.widgets.length);
  await Promise.all(pending);
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);

  for (const w of dashboard.widgets) {
    const results = answers.get(w.id)!.results;
    const card = page.getByTestId(`widget-${w.id}`);
    switch (w.config.type) {
      case "number":
        expect(results.a.series[0].total, w.id).not.toBeNull();
        await expect(card.getByTestId("number-value"), w.id).toHaveAttribute("data-value", String(results.a.series[0].total));
        break;
      case "graph": {
        const drawn = (await chartOption(page, w.id)).series.map((s) => JSON.stringify(s.data));
        for (const r of Object.values(results)) for (const s of r.series) expect(drawn, `${w.id}: a series is drawn as answered`).toContain(JSON.stringify(s.points));
        break;
      }
      case "bar":
        expect(numbersOf((await chartOption(page, w.id)).series[0].data), w.id).toEqual(results.a.series.map((s) => s.total!).sort((a, b) => a - b));
        break;
      case "pie": {
        const slices = (await chartOption(page, w.id)).series[0].data as { value: number }[];
        expect(slices.reduce((sum, d) => sum + d.value, 0), w.id).toBeCloseTo(results.a.series.reduce((sum, s) => sum + (s.total ?? 0), 0), 6);
        break;
      }
      case "table":
        for (const s of results.a.series) {
          await expect(page.getByTestId(`table-${w.id}`).locator(`tr[data-row="${s.tags.endpoint}"] td[data-value]`).first(), w.id).toHaveAttribute("data-value", String(s.total));
        }
        break;
      case "heatmap":
        if (w.config.mode === "week_hours") {
          const cells = (await chartOption(page, w.id)).series[0].data as [number, number, number][];
          expect(cells.reduce((sum, c) => sum + c[2], 0), w.id).toBe(results.a.series[0].points.reduce((sum, [, v]) => sum + (v ?? 0), 0));
        } else {
          expect((await chartOption(page, w.id)).series[0].data.length, w.id).toBeGreaterThan(0);
        }
        break;
    }
  }

  // Nothing of the project: no name, no navigation, no catalog or query API.
  const text = await page.locator("body").innerText();
  expect(text).not.toContain(editor.projectName);
  expect(await page.content()).not.toContain(editor.projectId);
  await expect(page.locator('a[href*="/projects"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: /sign out|edit|add widget/i })).toHaveCount(0);
  const asked = requests.map((r) => new URL(r.url()).pathname);
  expect(asked.filter((p) => /^\/api\/v1\/(metrics|event-names|query|dashboards|project|live)(\/|$)/.test(p))).toEqual([]);
  expect(asked.some((p) => p.startsWith(`/api/v1/shared/${link.token}/`))).toBe(true);

  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.screenshot({ path: shot("shared-dashboard.png") });
});

test("a shared page is live: a point sent to a metric a widget reads appears without a reload", async ({ page }) => {
  const editor = await newEditor("share-live");
  const query = { source: "metric", name: "visits", aggregation: "sum" };
  const send = async (value: number) => expect((await editorApi(editor, "/api/v1/metrics/batch", { metrics: [{ type: "counter", name: "visits", value, timestamp: new Date().toISOString() }] })).status).toBe(202);
  await send(2);
  const created = await editorApi(editor, "/api/v1/dashboards", {
    name: "Visits",
    range: "1h",
    widgets: [
      { id: "visits", x: 0, y: 0, w: 4, h: 3, config: { type: "number", title: "Visits", query } },
      { id: "visits-graph", x: 4, y: 0, w: 8, h: 4, config: { type: "graph", title: "Visits over time", queries: [query] } },
    ],
  });
  expect(created.status).toBe(201);
  const link = await createLink(editor, (await created.json()).id);

  await openShared(page, link.path);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-state", "live");
  const value = page.getByTestId("widget-visits").getByTestId("number-value");
  await expect(value).toHaveAttribute("data-value", "2");
  await page.evaluate(() => ((window as unknown as { __fluxNoReload: boolean }).__fluxNoReload = true));

  await send(5);
  await expect(value).toHaveAttribute("data-value", "7", { timeout: 10_000 });
  await expect.poll(async () => {
    const option = await chartOption(page, "visits-graph");
    return (option.series[0].data as [number, number | null][]).reduce((sum, [, v]) => sum + (v ?? 0), 0);
  }).toBe(7);
  expect(await page.evaluate(() => (window as unknown as { __fluxNoReload?: boolean }).__fluxNoReload)).toBe(true);
});

test("embed mode renders the widgets without chrome inside an iframe of another origin", async ({ page }) => {
  const editor = await demoEditor("share-embed");
  const link = await createLink(editor, editor.dashboard.id);
  const site = await framingSite(`${fluxUrl()}${link.path}?embed=1`);
  try {
    await page.setViewportSize({ width: 1400, height: 1600 });
    await page.goto(site.url);
    expect(new URL(site.url).origin).not.toBe(new URL(fluxUrl()).origin);
    const frame = page.frameLocator("#flux");
    await expect(frame.getByTestId("shared-dashboard")).toHaveAttribute("data-embed", "true");
    await expect(frame.getByTestId("shared-header")).toHaveCount(0);
    await expect(frame.getByTestId("share-not-found")).toHaveCount(0);
    const signups = frame.getByTestId("widget-signups").getByTestId("number-value");
    await expect(signups).not.toHaveAttribute("data-value", "");
    await expect(frame.locator("[data-widget-type]")).toHaveCount(editor.dashboard.widgets.length);
    await expect(frame.locator('[data-widget-type="graph"] canvas').first()).toBeVisible();
    await expect(frame.getByTestId("live-status")).toHaveAttribute("data-state", "live");
    await page.screenshot({ path: shot("shared-dashboard-embed.png") });
  } finally {
    await site.close();
  }
});

test("the password gate: a wrong password shows the not-found page, the right one the dashboard, and a reload stays in", async ({ page }) => {
  const editor = await demoEditor("share-password");
  const link = await createLink(editor, editor.dashboard.id, { password: "visitor password 1" });
  await page.goto(link.path);
  await expect(page.getByTestId("share-password-form")).toBeVisible();
  await expect(page.getByTestId("shared-dashboard")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(editor.dashboard.name);

  await page.getByTestId("share-password-input").fill("a wrong guess");
  await page.getByTestId("share-unlock").click();
  await expect(page.getByTestId("share-not-found")).toContainText("This link does not exist, has expired or was revoked");
  await expect(page.getByTestId("shared-dashboard")).toHaveCount(0);

  await page.reload();
  await page.getByTestId("share-password-input").fill("visitor password 1");
  await page.getByTestId("share-unlock").click();
  await expect(page.getByTestId("shared-dashboard")).toBeVisible();
  await expect(page.getByTestId("widget-signups").getByTestId("number-value")).not.toHaveAttribute("data-value", "");
  await expect(page.locator("[data-widget-type]")).toHaveCount(editor.dashboard.widgets.length);

  // The grant cookie takes a reload straight to the dashboard.
  await openShared(page, link.path);
  await expect(page.getByTestId("share-password-form")).toHaveCount(0);
});

test("a revoked or unknown link shows the not-found page with HTTP 404", async ({ page }) => {
  const editor = await demoEditor("share-revoked");
  const link = await createLink(editor, editor.dashboard.id);
  await openShared(page, link.path);
  expect((await editorApi(editor, `/api/v1/share-links/${link.id}`, undefined, "DELETE")).status).toBe(200);
  for (const path of [link.path, `${link.path}?embed=1`, `/share/fxs_${"x".repeat(43)}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByTestId("share-not-found")).toContainText("This link does not exist, has expired or was revoked");
    await expect(page.getByTestId("shared-dashboard")).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText(editor.dashboard.name);
  }
});

test("a link that allows range changes keeps the chosen range in the URL across a reload; a fixed link ignores ?range=", async ({ page }) => {
  const editor = await demoEditor("share-range");
  const open = await createLink(editor, editor.dashboard.id, { allowRangeChange: true });
  await openShared(page, open.path);
  const bodies: string[] = [];
  page.on("request", (r) => { if (r.url().includes(`/api/v1/shared/${open.token}/widgets/`)) bodies.push(r.postData() ?? ""); });
  await page.getByTestId("range-select").selectOption("24h");
  await expect(page).toHaveURL(/[?&]range=24h(&|$)/);
  await expect.poll(() => bodies.some((b) => JSON.parse(b).range === "24h")).toBe(true);
  await expect(page.locator('[data-fetching="true"]')).toHaveCount(0);
  const value24h = await page.getByTestId("widget-signups").getByTestId("number-value").getAttribute("data-value");
  await page.reload();
  await expect(page.getByTestId("range-select")).toHaveValue("24h");
  await expect(page.getByTestId("widget-signups").getByTestId("number-value")).toHaveAttribute("data-value", value24h!);

  const fixed = await createLink(editor, editor.dashboard.id);
  await openShared(page, fixed.path);
  const savedBadge = await page.getByTestId("shared-range").innerText();
  const savedValue = await page.getByTestId("widget-signups").getByTestId("number-value").getAttribute("data-value");
  expect(savedValue).not.toBe(value24h);
  await openShared(page, `${fixed.path}?range=24h`);
  await expect(page.getByTestId("range-select")).toHaveCount(0);
  await expect(page.getByTestId("shared-range")).toHaveText(savedBadge);
  await expect(page.getByTestId("widget-signups").getByTestId("number-value")).toHaveAttribute("data-value", savedValue!);
});

import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signIn, signUp } from "./support/accounts";
import { signUp as createUser } from "../lib/auth/users";
import { DashboardPage } from "./support/dashboard-page";
import { SettingsPage } from "./support/settings-page";
import { tooltipText } from "./support/hostile-page";
import { plotPoint } from "./support/chart-view";
import { addMember, insertEpisode, seedSpikyGauge } from "./support/anomaly-data";
import { severityColor } from "../components/charts/options/graph-overlays";
import { canvasLabel } from "../components/charts/options/common";

// Annotations from a deploy pipeline and from the dashboard, drawn on graph widgets: instants as
// vertical lines named in the tooltip (as text, never markup), anomaly episodes shaded in their
// severity's colour, and the expected band behind the line when the widget asks for it.

const M = 60_000;
const METRIC = "e2e.latency";
const HOSTILE_TITLE = `Deploy v1.4.2 <img src=x onerror="window.__pwned=1">`;

type Marks = { id: string; markLine?: { data: { xAxis: number; name: string }[] }; markArea?: { data: [{ xAxis: number; name: string; itemStyle: { color: string } }, { xAxis: number }][] }; data: [number, number | null][] };

async function setUp(page: Page, label: string, widget: Record<string, unknown> = {}) {
  await signUp(page, newAccount(label));
  const projectId = await createProject(page, `Annotations ${label}`);
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const admin = await settings.createKey("Dashboards", ["read", "admin"]);
  const ingest = await settings.createKey("CI deploys", ["ingest"]);
  const now = Date.now();
  const seeded = await seedSpikyGauge(projectId, METRIC, {}, now);
  const dashboard = {
    name: "Latency",
    range: "6h",
    refreshSeconds: 0,
    widgets: [{ id: "graph", x: 0, y: 0, w: 12, h: 5, config: { type: "graph", title: "Latency", queries: [{ source: "metric", name: METRIC, aggregation: "avg", filters: [], groupBy: [] }], style: "line", compare: false, ...widget } }],
  };
  const created = await page.request.post("/api/v1/dashboards", { headers: { authorization: `Bearer ${admin}` }, data: dashboard });
  expect(created.status(), await created.text()).toBe(201);
  return { projectId, admin, ingest, now, ...seeded, board: new DashboardPage(page, projectId, (await created.json()).id as string) };
}

/** The overlay series the graph last drew (window.__fluxCharts). */
async function overlays(board: DashboardPage): Promise<Marks[]> {
  const option = await board.chartOption("graph");
  return (option.series as unknown as Marks[]).filter((s) => s.id.startsWith("overlay:"));
}
const marks = async (board: DashboardPage) => (await overlays(board)).find((s) => s.id === "overlay:marks");

test("a deploy pipeline's annotation is drawn on the graph and named, as text, in its tooltip; an anomaly episode is shaded in its severity colour", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 800 });
  const { projectId, ingest, spikeFrom, spikeTo, board, now } = await setUp(page, "pipeline");
  const deployAt = Math.floor((now - 3 * 60 * M) / M) * M;
  // An episode as the detection job records it (written straight to the table; the job has its own tests).
  await insertEpisode(projectId, { name: METRIC, kind: "spike", severity: "high", startedAt: spikeFrom, endedAt: spikeTo, explanation: `${METRIC} 3x the usual level`, expected: 100, lower: 90, upper: 110, actual: 300 });
  await board.open();
  await expect.poll(async () => (await marks(board))?.markArea?.data.length).toBe(1);
  expect((await marks(board))!.markLine!.data).toEqual([]);

  // The pipeline marks its deploy with its ingest key; the open graph shows it with the next live data.
  const posted = await page.request.post("/api/v1/annotations", { headers: { authorization: `Bearer ${ingest}` }, data: { title: HOSTILE_TITLE, startsAt: new Date(deployAt).toISOString(), tags: ["deploy", "api"] } });
  expect(posted.status(), await posted.text()).toBe(201);
  const point = await page.request.post("/api/v1/metrics", { headers: { authorization: `Bearer ${ingest}` }, data: { type: "gauge", name: METRIC, value: 101, timestamp: new Date().toISOString() } });
  expect(point.status(), await point.text()).toBe(202);
  await expect.poll(async () => (await marks(board))?.markLine?.data.map((d) => d.xAxis)).toEqual([deployAt]);
  const drawn = (await marks(board))!;
  // The canvas label is plain text, shortened; the tooltip has the whole title.
  expect(drawn.markLine!.data[0].name).toBe(canvasLabel(HOSTILE_TITLE));
  expect(drawn.markLine!.data[0].name.endsWith("…")).toBe(true);
  const areas = drawn.markArea!.data.map(([a, b]) => ({ from: a.xAxis, to: b.xAxis, color: a.itemStyle.color }));
  expect(areas).toContainEqual({ from: spikeFrom, to: spikeTo, color: severityColor("high") });

  // Hover the annotation's line: the tooltip names it (markup shown as text) and its tags.
  const at = await plotPoint(page, "graph", deployAt, 0.5);
  await page.mouse.move(at.x, at.y);
  await expect.poll(() => tooltipText(page, "graph")).toContain(HOSTILE_TITLE);
  expect(await tooltipText(page, "graph")).toContain("deploy, api");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Hovering the episode names its kind, severity and explanation.
  const inSpike = await plotPoint(page, "graph", spikeFrom + 5 * M, 0.5);
  await page.mouse.move(inSpike.x, inSpike.y);
  await expect.poll(() => tooltipText(page, "graph")).toContain("Spike (high)");
  expect(await tooltipText(page, "graph")).toContain(`${METRIC} 3x the usual level`);
});

test("an editor adds an annotation from the dashboard, sees it on the graph and in the list, and deletes it", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 800 });
  const { admin, board } = await setUp(page, "editor");
  await board.open();
  await page.getByTestId("annotate").click();
  const dialog = page.getByTestId("annotations-dialog");
  await expect(dialog.getByTestId("annotations-empty")).toBeVisible();
  // The title is required: the form says so and sends nothing.
  await dialog.getByTestId("annotation-submit").click();
  await expect(dialog.getByText("Give the annotation a title")).toBeVisible();
  await dialog.getByLabel("Title").fill("Product Hunt launch");
  await dialog.getByLabel(/^Tags/).fill("launch, marketing");
  await dialog.getByLabel(/^Description/).fill("Featured on the front page");
  await dialog.getByTestId("annotation-submit").click();
  const row = dialog.getByTestId("annotation-row").filter({ hasText: "Product Hunt launch" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("launch");
  await expect(row).toContainText("marketing");

  // Stored with the editor as its author, at about now (the form's default time, to the minute).
  const listed = await page.request.get("/api/v1/annotations", { headers: { authorization: `Bearer ${admin}` } });
  const [stored] = (await listed.json()).annotations as { id: string; startsAt: string; endsAt: string | null; tags: string[]; createdByKind: string; description: string }[];
  expect(stored).toMatchObject({ endsAt: null, tags: ["launch", "marketing"], createdByKind: "user", description: "Featured on the front page" });
  expect(Math.abs(Date.parse(stored.startsAt) - Date.now())).toBeLessThan(2 * M);
  // The graph draws it without a reload.
  await expect.poll(async () => (await marks(board))?.markLine?.data.map((d) => d.name)).toEqual(["Product Hunt launch"]);

  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Delete Product Hunt launch" }).click();
  await expect(row).toHaveCount(0);
  await expect(dialog.getByTestId("annotations-empty")).toBeVisible();
  // The last annotation gone, nothing is left to mark: the graph carries no overlay series.
  await expect.poll(async () => (await marks(board)) ?? null).toBeNull();
  expect((await page.request.get(`/api/v1/annotations/${stored.id}`, { headers: { authorization: `Bearer ${admin}` } })).status()).toBe(404);
});

test("'Show the expected band' in the widget editor shades the band behind the graph's line, and is saved", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1400, height: 800 });
  const { board, admin } = await setUp(page, "band");
  await board.open();
  // Nothing to mark and no band asked for: the graph draws its line alone.
  expect((await overlays(board)).map((s) => s.id)).toEqual([]);
  const graph = board.cell("graph");
  await graph.getByLabel(/^Actions for/).click();
  await graph.getByRole("menuitem", { name: "Edit" }).click();
  await page.getByRole("dialog").getByTestId("graph-expected-band").check();
  await board.saving(() => page.getByRole("dialog").getByTestId("save-widget").click());
  const stored = await page.request.get(`/api/v1/dashboards/${board.dashboardId}`, { headers: { authorization: `Bearer ${admin}` } });
  expect((await stored.json()).widgets[0].config.expectedBand).toBe(true);
  await expect
    .poll(async () => (await overlays(board)).find((s) => s.id === "overlay:band")?.data.filter(([, v]) => v !== null).length ?? 0, { timeout: 20_000 })
    .toBeGreaterThan(10);
  const series = await overlays(board);
  const lower = series.find((s) => s.id === "overlay:band-lower")!;
  expect(lower.data.filter(([, v]) => v !== null).length).toBeGreaterThan(10);
  // The tooltip gives the expected range for the bucket under the pointer.
  const band = series.find((s) => s.id === "overlay:band")!;
  const [t] = band.data.filter(([, v]) => v !== null).at(-5)!;
  const at = await plotPoint(page, "graph", t, 0.5);
  await page.mouse.move(at.x, at.y);
  await expect.poll(() => tooltipText(page, "graph")).toMatch(/Expected \S+ – \S+/);
});

test("a viewer sees annotations on the graph and in the list, with no form and no delete button", async ({ page, browser }) => {
  test.slow();
  const { projectId, ingest, board, now } = await setUp(page, "viewer");
  const posted = await page.request.post("/api/v1/annotations", { headers: { authorization: `Bearer ${ingest}` }, data: { title: "Incident 42", startsAt: new Date(now - 2 * 60 * M).toISOString(), endsAt: new Date(now - 90 * M).toISOString() } });
  expect(posted.status(), await posted.text()).toBe(201);
  const viewer = newAccount("viewer");
  const { id: viewerId } = await createUser({ input: { name: "Viewer", email: viewer.email, password: viewer.password } });
  await addMember(projectId, viewerId, "viewer");
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signIn(viewerPage, viewer);
  const viewerBoard = new DashboardPage(viewerPage, projectId, board.dashboardId);
  await viewerBoard.open();
  // A span is a shaded area.
  await expect.poll(async () => (await marks(viewerBoard))?.markArea?.data.map(([a]) => a.name)).toEqual(["Incident 42"]);
  await viewerPage.getByTestId("annotate").click();
  const dialog = viewerPage.getByTestId("annotations-dialog");
  await expect(dialog.getByTestId("annotation-row")).toContainText("Incident 42");
  await expect(dialog.getByTestId("annotation-form")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: /Delete/ })).toHaveCount(0);
  await context.close();
});

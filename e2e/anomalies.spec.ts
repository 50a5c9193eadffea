import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signIn, signUp } from "./support/accounts";
import { AnomaliesPage, addMember, insertAnnotation, insertEpisode, seedSpikyGauge, storedMarks, userIdOf } from "./support/anomaly-data";
import { expectNothingInjected, watchForInjection } from "./support/hostile-page";
import { HOSTILE_STRINGS } from "../components/charts/testing/hostile-strings";
import { shot } from "./support/screenshots";
import { signUp as createUser } from "../lib/auth/users";

// The anomalies pages: the list with its filters in the URL, an episode's page with its chart
// (series, expected band, the episode's span, annotations), Acknowledge and "This is normal"
// that persist, viewers who can only look, and hostile names shown as the text they are.
// Episodes are written straight into the database: the detection job is tested on its own.

const M = 60_000;
const H = 60 * M;

interface ChartSeries { id: string; name: string; data: unknown[] }
const chartOption = (page: Page) => page.evaluate(() => (window.__fluxCharts?.["anomaly-chart"] as { series: ChartSeries[] } | undefined) ?? null);

async function owner(page: Page, label: string): Promise<{ projectId: string; email: string }> {
  const account = newAccount(label);
  await signUp(page, account);
  return { projectId: await createProject(page, `Anomalies ${label}`), email: account.email };
}

async function seedList(projectId: string, now: number) {
  const silence = await insertEpisode(projectId, { source: "event", name: "checkout", aggregation: "count", kind: "silence", startedAt: now - 20 * M, endedAt: null, severity: "critical", explanation: "checkout stopped: no event for 20 minutes, usually one every 2 minutes", expected: 10, actual: 0 });
  const spike = await insertEpisode(projectId, {
    name: "orders.value", tags: { region: "eu" }, kind: "spike", startedAt: now - 60 * M, endedAt: now - 45 * M, severity: "high",
    explanation: "orders.value 3.0x the usual Monday 22:00 level", expected: 100, lower: 90, upper: 110, actual: 300,
    contributors: [{ key: "country", value: "DE", share: 0.92 }, { key: "country", value: "FR", share: -0.04 }],
  });
  const drop = await insertEpisode(projectId, { name: "orders.value", tags: { region: "us" }, kind: "drop", startedAt: now - 5 * H, endedAt: now - 4 * H, severity: "low", explanation: "orders.value fell to half the usual level", acknowledged: true });
  const shift = await insertEpisode(projectId, { name: "latency.p95", kind: "level_shift", startedAt: now - 72 * H, endedAt: now - 70 * H, severity: "medium", explanation: "latency.p95 moved up 40% and stayed" });
  return { silence, spike, drop, shift };
}

test("the list shows episodes newest first with what each one is; filters narrow it, live in the URL and survive a reload", async ({ page }) => {
  const { projectId } = await owner(page, "list");
  const now = Date.now();
  const e = await seedList(projectId, now);
  const list = new AnomaliesPage(page, projectId);
  await page.goto(`/projects/${projectId}`);
  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: /^Anomalies/ }).click();
  await expect(page).toHaveURL(new RegExp(`${list.url}$`));
  // The header counts the one open episode nobody has acknowledged.
  await expect(page.getByTestId("nav-count")).toHaveText("1");
  await list.expectRows([e.silence, e.spike, e.drop, e.shift]);

  const spike = list.row(e.spike);
  await expect(spike.getByTestId("anomaly-severity")).toHaveText("high");
  await expect(spike.getByTestId("anomaly-kind")).toHaveText("Spike");
  await expect(spike.getByTestId("anomaly-name")).toHaveText("orders.value");
  await expect(spike.getByTestId("anomaly-tags")).toHaveText("{region=eu}");
  await expect(spike.getByTestId("anomaly-explanation")).toHaveText("orders.value 3.0x the usual Monday 22:00 level");
  await expect(spike.getByTestId("anomaly-contributors")).toContainText("92% of the spike is country=DE");
  await expect(spike.getByTestId("anomaly-contributors")).toContainText("country=FR moved against the spike (4%)");
  await expect(spike.getByTestId("anomaly-ongoing")).toHaveCount(0);
  await expect(list.row(e.silence).getByTestId("anomaly-ongoing")).toHaveText("ongoing");
  await expect(list.row(e.drop).getByTestId("anomaly-acknowledged")).toBeVisible();
  await expect(spike.getByTestId("anomaly-acknowledged")).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: shot("anomalies-list.png"), fullPage: true });

  await list.filter({ Status: "open" });
  await expect(page).toHaveURL(/status=open/);
  await list.expectRows([e.silence]);
  await page.reload();
  await list.expectRows([e.silence]);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("open");

  await list.filter({ Status: "all", Kind: "drop" });
  await list.expectRows([e.drop]);
  await list.filter({ Kind: "", Severity: "medium" });
  await list.expectRows([e.silence, e.spike, e.shift]);
  await list.filter({ Severity: "", Acknowledged: "no" });
  await list.expectRows([e.silence, e.spike, e.shift]);
  await list.filter({ Acknowledged: "yes" });
  await list.expectRows([e.drop]);
  await list.filter({ Acknowledged: "", Name: "orders.value" });
  await list.expectRows([e.spike, e.drop]);
  await list.filter({ Name: "", Source: "event" });
  await list.expectRows([e.silence]);
  await list.filter({ Source: "", When: "24h" });
  await list.expectRows([e.silence, e.spike, e.drop]);
  await page.reload();
  await list.expectRows([e.silence, e.spike, e.drop]);
  await list.filter({ Kind: "level_shift" });
  await expect(list.rows()).toHaveCount(0);
  await expect(page.getByTestId("anomalies-none-match")).toBeVisible();
  // A hand-edited parameter falls back on its own; the others still apply.
  await page.goto(`${list.url}?status=sometimes&kind=drop`);
  await list.expectRows([e.drop]);
});

test("an empty project says what Flux watches; a long list pages through older episodes", async ({ page }) => {
  const { projectId } = await owner(page, "empty");
  const list = new AnomaliesPage(page, projectId);
  await page.goto(list.url);
  const empty = page.getByTestId("anomalies-empty");
  await expect(empty).toContainText("No anomalies yet");
  await expect(empty).toContainText("Flux watches every metric series and event stream of this project");
  await expect(page.getByTestId("nav-count")).toHaveCount(0);

  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < 55; i++) {
    ids.push(await insertEpisode(projectId, { name: "api.errors", kind: "spike", startedAt: now - (i + 1) * H, endedAt: now - (i + 1) * H + 10 * M, severity: "medium", explanation: `errors spike ${i}` }));
  }
  await page.reload();
  await list.expectRows(ids.slice(0, 50));
  await page.getByTestId("anomalies-older").click();
  await list.expectRows(ids.slice(50));
  await expect(page.getByTestId("anomalies-older")).toHaveCount(0);
  await page.getByRole("link", { name: "Newest" }).click();
  await list.expectRows(ids.slice(0, 50));
});

test("an episode's page draws the series with its expected band, the episode's span and the annotations; Acknowledge and This is normal persist", async ({ page }) => {
  const { projectId, email } = await owner(page, "detail");
  const now = Date.now();
  const { spikeFrom, spikeTo } = await seedSpikyGauge(projectId, "orders.value", { region: "eu" }, now);
  const deploy = await insertAnnotation(projectId, { title: "Deploy 4.2", startsAt: spikeFrom - 2 * M });
  const id = await insertEpisode(projectId, {
    name: "orders.value", tags: { region: "eu" }, kind: "spike", startedAt: spikeFrom, endedAt: spikeTo, severity: "high",
    explanation: "orders.value 3.0x the usual level; the spike started after 'Deploy 4.2'", expected: 100, lower: 90, upper: 110, actual: 301,
    contributors: [{ key: "country", value: "DE", share: 0.92 }], annotationIds: [deploy],
  });
  const list = new AnomaliesPage(page, projectId);
  await page.goto(list.url);
  await list.row(id).getByTestId("anomaly-kind").click();
  await expect(page).toHaveURL(new RegExp(`${list.url}/${id}$`));

  await expect(page.getByTestId("anomaly-explanation")).toHaveText("orders.value 3.0x the usual level; the spike started after 'Deploy 4.2'");
  await expect(page.getByTestId("anomaly-contributors")).toHaveText("92% of the spike is country=DE");
  await expect(page.getByTestId("anomaly-actual")).toHaveText("301");
  await expect(page.getByTestId("anomaly-expected")).toHaveText("100");
  await expect(page.getByTestId("anomaly-range")).toHaveText("90 – 110");
  await expect(page.getByTestId("anomaly-named-annotations")).toHaveText("Started after “Deploy 4.2”");
  await expect(page.getByTestId("anomaly-catalog-link")).toHaveAttribute("href", `/projects/${projectId}/catalog/metrics/orders.value`);

  // The chart as drawn: the episode's exact span, a band with real edges, the spike inside the span, the annotation.
  await expect.poll(async () => (await chartOption(page))?.series.length ?? 0).toBeGreaterThan(5);
  const option = (await chartOption(page))!;
  const byId = (sid: string) => option.series.find((s) => s.id === sid)!;
  expect(byId("episode").data).toEqual([[spikeFrom, 1], [spikeTo, 1]]);
  const lower = byId("band-lower").data as [number, number | null][];
  const width = byId("band").data as [number, number | null][];
  const edges = lower.map(([t, l], i) => ({ t, l, u: l === null || width[i][1] === null ? null : l + (width[i][1] as number) }));
  const known = edges.filter((b) => b.l !== null && b.u !== null);
  expect(known.length).toBeGreaterThan(lower.length / 2);
  // Before the spike the series stays inside the band the detector learnt; in the spike it is far above it.
  const quiet = known.filter((b) => b.t < spikeFrom - 10 * M && b.t > spikeFrom - 60 * M);
  expect(quiet.every((b) => (b.l as number) < 105 && (b.u as number) > 95)).toBe(true);
  const actual = (byId("actual").data as ([number, number | null] | { value: [number, number | null] })[]).map((d) => (Array.isArray(d) ? d : d.value));
  expect(actual.filter(([t, v]) => t >= spikeFrom && t < spikeTo && v !== null && v >= 300).length).toBeGreaterThanOrEqual(14);
  expect(byId(`annotation:${deploy}`).name).toBe("Deploy 4.2");
  await page.screenshot({ path: shot("anomaly-detail.png"), fullPage: true });

  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("anomaly-acknowledged")).toBeVisible();
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(page.getByTestId("acknowledged-note")).toContainText(email);
  expect(await storedMarks(id)).toMatchObject({ acknowledged: true, acknowledgedBy: await userIdOf(email) });

  await page.getByRole("button", { name: "This is normal" }).click();
  await expect(page.getByTestId("anomaly-normal")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("anomaly-acknowledged")).toBeVisible();
  await expect(page.getByTestId("anomaly-normal")).toBeVisible();
  expect((await storedMarks(id)).feedback).toBe("normal");
  await page.goto(list.url);
  await expect(list.row(id).getByTestId("anomaly-acknowledged")).toBeVisible();
  await expect(list.row(id).getByTestId("anomaly-normal")).toBeVisible();

  await list.row(id).getByTestId("anomaly-kind").click();
  await page.getByRole("button", { name: "Undo “This is normal”" }).click();
  await expect(page.getByTestId("anomaly-normal")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "This is normal" })).toBeVisible();
  expect((await storedMarks(id)).feedback).toBeNull();
  await page.goto(list.url);
  await expect(list.row(id).getByTestId("anomaly-normal")).toHaveCount(0);
  await expect(list.row(id).getByTestId("anomaly-acknowledged")).toBeVisible();
});

test("a viewer sees the episodes and their charts but no buttons to act; an editor's acknowledgement clears the header count", async ({ page, browser }) => {
  const { projectId } = await owner(page, "roles");
  const e = await seedList(projectId, Date.now());
  const viewer = newAccount("viewer");
  const { id: viewerId } = await createUser({ input: { name: "Viewer", email: viewer.email, password: viewer.password } });
  await addMember(projectId, viewerId, "viewer");
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signIn(viewerPage, viewer);
  const list = new AnomaliesPage(viewerPage, projectId);
  await viewerPage.goto(list.url);
  await list.expectRows([e.silence, e.spike, e.drop, e.shift]);
  await viewerPage.goto(`${list.url}/${e.silence}`);
  await expect(viewerPage.getByTestId("anomaly-explanation")).toBeVisible();
  // No `checkout` event was ever stored here (as when one is deleted after its episode): the page says why no line is drawn.
  await expect(viewerPage.getByTestId("anomaly-series-problem")).toContainText("not found");
  await expect.poll(async () => (await chartOption(viewerPage))?.series.length ?? 0).toBeGreaterThan(4);
  await expect(viewerPage.getByTestId("anomaly-actions")).toHaveCount(0);
  await expect(viewerPage.getByRole("button", { name: /Acknowledge|This is normal/ })).toHaveCount(0);
  await context.close();

  await page.goto(`${list.url}/${e.silence}`);
  await expect(page.getByTestId("nav-count")).toHaveText("1");
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("anomaly-acknowledged")).toBeVisible();
  await expect(page.getByTestId("nav-count")).toHaveCount(0);
  expect((await storedMarks(e.silence)).acknowledged).toBe(true);
});

test("hostile metric names, tags, explanations and annotation titles render as text on the list and the episode's page", async ({ page }) => {
  const log = await watchForInjection(page);
  const { projectId } = await owner(page, "hostile");
  const now = Date.now();
  const name = HOSTILE_STRINGS.imgOnerror;
  const tagKey = HOSTILE_STRINGS.attrBreakDouble;
  const tagValue = HOSTILE_STRINGS.scriptClose;
  const { spikeFrom, spikeTo } = await seedSpikyGauge(projectId, name, { [tagKey]: tagValue }, now);
  const note = await insertAnnotation(projectId, { title: HOSTILE_STRINGS.iframe, startsAt: spikeFrom - 5 * M, endsAt: spikeFrom + 5 * M });
  const explanation = `${HOSTILE_STRINGS.anchorJsUrl} ${HOSTILE_STRINGS.templates}`;
  const id = await insertEpisode(projectId, {
    name, tags: { [tagKey]: tagValue }, kind: "spike", startedAt: spikeFrom, endedAt: spikeTo, severity: "critical", explanation,
    expected: 100, lower: 90, upper: 110, actual: 300, contributors: [{ key: HOSTILE_STRINGS.styleImport, value: HOSTILE_STRINGS.imgRemote, share: 0.8 }], annotationIds: [note],
  });
  const list = new AnomaliesPage(page, projectId);
  await page.goto(list.url);
  const row = list.row(id);
  await expect(row.getByTestId("anomaly-name")).toHaveText(name);
  await expect(row.getByTestId("anomaly-tags")).toContainText(tagValue);
  await expect(row.getByTestId("anomaly-explanation")).toHaveText(explanation);
  await expect(row.getByTestId("anomaly-contributors")).toContainText(HOSTILE_STRINGS.imgRemote);
  await expectNothingInjected(page, log, "anomalies list");

  await row.getByTestId("anomaly-kind").click();
  await expect(page.getByTestId("anomaly-named-annotations")).toContainText(HOSTILE_STRINGS.iframe);
  await expect.poll(async () => (await chartOption(page))?.series.length ?? 0).toBeGreaterThan(5);
  // The tooltip is HTML: hover across the plot so it is built from the hostile names.
  const box = (await page.locator(".anomaly-chart").boundingBox())!;
  for (const x of [0.5, 0.8, 0.95]) await page.mouse.move(box.x + box.width * x, box.y + box.height / 2);
  await expect(page.locator(".anomaly-chart")).toContainText(name.slice(0, 20));
  await expectNothingInjected(page, log, "anomaly page");
});

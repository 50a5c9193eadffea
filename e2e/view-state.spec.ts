import { expect, test, type Browser, type Page, type Request, type Response } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { DashboardPage } from "./support/dashboard-page";
import { seedDemoProject } from "./support/demo-data";
import { SettingsPage } from "./support/settings-page";
import { acceptInvitation } from "./support/invitations";

// A dashboard's view (range, interval, time zone, refresh) is the viewer's own and lives in
// the URL; only an editor's "Save as default" changes what everyone sees on a plain visit.

type QueryBody = { queries: Record<string, { range: unknown; interval?: string; timezone?: string }> };

const isQuery = (r: Request) => r.url().includes("/api/v1/query") && r.method() === "POST";
const isDashboardWrite = (r: Request) => r.url().includes("/api/v1/dashboards/") && ["PATCH", "PUT"].includes(r.method());

/** Every widget query and dashboard write the page sends from now on. */
function watch(page: Page) {
  const seen = { queries: [] as QueryBody[], writes: [] as Request[] };
  page.on("request", (r) => {
    if (isQuery(r)) seen.queries.push(r.postDataJSON() as QueryBody);
    if (isDashboardWrite(r)) seen.writes.push(r);
  });
  return seen;
}

const askedFor = (page: Page, match: (q: QueryBody["queries"][string]) => boolean) =>
  page.waitForResponse((r) => isQuery(r.request()) && Object.values((r.request().postDataJSON() as QueryBody).queries).some(match));

const search = (page: Page) => new URL(page.url()).search;

async function seededProject(page: Page, label: string) {
  await signUp(page, newAccount(label));
  const projectId = await createProject(page, "Shop");
  return { projectId, dashboardId: await seedDemoProject(projectId) };
}

async function invitedViewer(browser: Browser, owner: Page, projectId: string): Promise<Page> {
  const viewer = await browser.newPage();
  const account = newAccount("viewer");
  await signUp(viewer, account);
  const settings = new SettingsPage(owner, projectId);
  await settings.open();
  await settings.invite(account.email, "viewer");
  expect(await acceptInvitation(viewer, "Shop")).toBe(projectId);
  return viewer;
}

const signups = (page: Page) => page.getByTestId("widget-signups").getByTestId("number-value");

/** The answer to the Signups number widget's own request (its one query), once it matches. */
const signupsAsked = (page: Page, match: (q: QueryBody["queries"][string]) => boolean) =>
  page.waitForResponse((r) => {
    if (!isQuery(r.request())) return false;
    const { queries } = r.request().postDataJSON() as QueryBody;
    const only = Object.values(queries);
    return only.length === 1 && (only[0] as { name?: string }).name === "user.signed_up" && match(only[0]);
  });

/** Waits until the Signups widget shows the total of that answer, and returns it. */
async function shows(page: Page, answer: Response): Promise<number> {
  const total = (await answer.json()).results.a.series[0]?.total ?? 0;
  await expect(signups(page)).toHaveAttribute("data-value", String(total));
  return total;
}
async function signupCount(page: Page): Promise<number> {
  await expect(signups(page)).not.toHaveAttribute("data-value", "");
  return Number(await signups(page).getAttribute("data-value"));
}

test("a chosen range, interval and refresh live in the URL: back and forward step through views and the widgets ask again, reload keeps them", async ({ page }) => {
  test.slow();
  const { projectId, dashboardId } = await seededProject(page, "urlview");
  await page.clock.install();
  const board = new DashboardPage(page, projectId, dashboardId);
  const seen = watch(page);
  await board.open();
  expect(search(page)).toBe("");
  await expect(page.getByTestId("range-select")).toHaveValue("7d");
  await expect(page.getByTestId("interval-select").locator('option[value="1m"]')).toBeDisabled(); // 10,080 buckets
  const weekly = await signupCount(page);

  const daily = signupsAsked(page, (q) => q.range === "24h");
  await page.getByTestId("range-select").selectOption("24h");
  await expect(page).toHaveURL(/\?range=24h$/);
  expect(await shows(page, await daily)).toBeLessThan(weekly);

  const fiveMinutes = signupsAsked(page, (q) => q.interval === "5m" && q.range === "24h");
  await page.getByTestId("interval-select").selectOption("5m");
  await expect(page).toHaveURL(/\?range=24h&interval=5m$/);
  const inBuckets = await fiveMinutes;
  expect((await inBuckets.json()).results.a.intervalSeconds).toBe(300);
  const dayIn5m = await shows(page, inBuckets);

  // The widget editor previews in the same view as the dashboard, not the saved 7 days.
  await page.getByTestId("widget-signups").getByLabel(/^Actions for/).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page.getByRole("dialog").getByTestId("widget-preview").getByTestId("number-value")).toHaveAttribute("data-value", String(dayIn5m));
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  await page.getByTestId("refresh-select").selectOption("60");
  await expect(page).toHaveURL(/\?range=24h&interval=5m&refresh=60$/);
  const quarter = signupsAsked(page, (q) => q.range === "6h");
  await page.getByTestId("range-select").selectOption("6h");
  await expect(page).toHaveURL(/\?range=6h&interval=5m&refresh=60$/);
  expect(await shows(page, await quarter)).toBeLessThan(dayIn5m);
  expect(seen.writes).toHaveLength(0); // nothing of it saved for everyone

  // Back: the previous view, asked for again once its answer is no longer fresh.
  await page.clock.fastForward(16_000);
  const backToDay = signupsAsked(page, (q) => q.range === "24h" && q.interval === "5m");
  await page.goBack();
  await expect(page).toHaveURL(/\?range=24h&interval=5m&refresh=60$/);
  await expect(page.getByTestId("range-select")).toHaveValue("24h");
  await shows(page, await backToDay);

  await page.goBack();
  await expect(page).toHaveURL(/\?range=24h&interval=5m$/);
  await expect(page.getByTestId("refresh-select")).toHaveValue("0");
  await page.goBack();
  await expect(page).toHaveURL(/\?range=24h$/);
  await expect(page.getByTestId("interval-select")).toHaveValue("auto");
  await page.clock.fastForward(16_000);
  const backToWeek = signupsAsked(page, (q) => q.range === "7d");
  await page.goBack();
  expect(search(page)).toBe("");
  await expect(page.getByTestId("range-select")).toHaveValue("7d");
  expect(await shows(page, await backToWeek)).toBeGreaterThan(dayIn5m);

  for (const [url, select, value] of [[/\?range=24h$/, "range-select", "24h"], [/\?range=24h&interval=5m$/, "interval-select", "5m"], [/\?range=24h&interval=5m&refresh=60$/, "refresh-select", "60"]] as const) {
    await page.goForward();
    await expect(page).toHaveURL(url);
    await expect(page.getByTestId(select)).toHaveValue(value);
  }

  // Reload: the server renders this very view, so the browser does not ask again. Requests
  // the views above start (a refetch may begin a moment after the URL changed) must be over
  // first, or they would be counted as the reloaded page's.
  await expect.poll(async () => {
    const asked = seen.queries.length;
    await page.waitForTimeout(700);
    return seen.queries.length === asked && (await page.locator('[data-fetching="true"]').count()) === 0;
  }).toBe(true);
  seen.queries.length = 0;
  await page.reload();
  await expect(page.getByTestId("range-select")).toHaveValue("24h");
  await expect(page.getByTestId("interval-select")).toHaveValue("5m");
  await expect(page.getByTestId("refresh-select")).toHaveValue("60");
  expect(await signupCount(page)).toBeLessThan(weekly);
  await page.waitForTimeout(1500);
  expect(seen.queries).toEqual([]);
  expect(seen.writes).toHaveLength(0);
});

test("another user opening the dashboard sees the saved default, a link shows its view, and only an editor's Save as default changes it", async ({ browser }) => {
  test.slow();
  const owner = await browser.newPage();
  const { projectId, dashboardId } = await seededProject(owner, "editor");
  const viewer = await invitedViewer(browser, owner, projectId);
  const ownerWrites = watch(owner).writes;
  const viewerWrites = watch(viewer).writes;
  const ownerBoard = new DashboardPage(owner, projectId, dashboardId);
  const viewerBoard = new DashboardPage(viewer, projectId, dashboardId);

  await ownerBoard.open();
  const save = owner.getByTestId("save-view-default");
  await expect(save).toBeDisabled(); // the view is the default
  // A choice made before the page is hydrated is not seen by React: choose until it is.
  await expect(async () => {
    await owner.getByTestId("range-select").selectOption("24h");
    await expect(owner).toHaveURL(/\?range=24h$/, { timeout: 2_000 });
  }).toPass();
  await expect(save).toBeEnabled();
  const link = owner.url();

  // The viewer's plain visit: the saved 7 days, not the editor's choice; no way to save.
  await viewerBoard.open();
  await expect(viewer.getByTestId("range-select")).toHaveValue("7d");
  const weekly = await signupCount(viewer);
  await expect(viewer.getByTestId("save-view-default")).toHaveCount(0);

  // The editor's link reproduces the editor's view for the viewer, who may change it for themself.
  await viewer.goto(link);
  await expect(viewer.getByTestId("range-select")).toHaveValue("24h");
  await expect.poll(() => signupCount(viewer)).toBeLessThan(weekly);
  await viewer.getByTestId("range-select").selectOption("6h");
  await expect(viewer).toHaveURL(/\?range=6h$/);
  expect(viewerWrites).toHaveLength(0);
  expect(ownerWrites).toHaveLength(0);

  // Save as default: one PATCH of the view, the URL becomes the plain one, nothing left to save.
  const patched = owner.waitForResponse((r) => isDashboardWrite(r.request()));
  await save.click();
  const response = await patched;
  expect(response.status()).toBe(200);
  expect(response.request().postDataJSON()).toEqual({ range: "24h", interval: "auto", refreshSeconds: 0 });
  await expect(owner.getByTestId("save-status")).toHaveText("All changes saved");
  expect(search(owner)).toBe("");
  await expect(save).toBeDisabled();
  await expect(owner.getByTestId("range-select")).toHaveValue("24h");

  // A fresh visit, of anyone, now opens on the last 24 hours.
  await viewerBoard.open();
  await expect(viewer.getByTestId("range-select")).toHaveValue("24h");
  expect(await signupCount(viewer)).toBeLessThan(weekly);
  await ownerBoard.open();
  await expect(owner.getByTestId("range-select")).toHaveValue("24h");
  await expect(owner.getByTestId("save-view-default")).toBeDisabled();
  expect(viewerWrites).toHaveLength(0);
  await owner.close();
  await viewer.close();
});

test("invalid or hostile URL parameters fall back to the dashboard's defaults and break nothing", async ({ page }) => {
  test.slow();
  const { projectId, dashboardId } = await seededProject(page, "badparams");
  const board = new DashboardPage(page, projectId, dashboardId);
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs += 1; void d.dismiss(); });
  await board.open();
  const weekly = await signupCount(page);
  const plain = page.url();

  for (const bad of [
    "range=13h&interval=2m&tz=Mars/Olympus_Mons&refresh=-30",
    "range=999999w&tz=CET&refresh=1",
    "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
    "from=2026-02-30T00:00:00Z&to=2026-03-02T00:00:00Z&interval=1m", // 1m: 10,080 buckets over the default 7 days
    "from=yesterday&to=now",
    `range=${encodeURIComponent("<script>alert(1)</script>")}&tz=${encodeURIComponent("<img src=x onerror=alert(1)>")}&interval=%00&refresh=1e3`,
    `tz=${"Europe/Berlin".repeat(20)}`,
  ]) {
    await page.goto(`${plain}?${bad}`);
    await expect(page.getByTestId("dashboard").filter({ visible: true }), bad).toBeVisible();
    await expect(page.getByTestId("range-select"), bad).toHaveValue("7d");
    await expect(page.getByTestId("interval-select"), bad).toHaveValue("auto");
    await expect(page.getByTestId("timezone-select"), bad).toHaveValue("UTC");
    await expect(page.getByTestId("refresh-select"), bad).toHaveValue("0");
    await expect(page.getByTestId("save-view-default"), bad).toBeDisabled();
    // The week's total (a day's would be about a seventh; the window start moves with the clock).
    expect(await signupCount(page), bad).toBeGreaterThan(weekly * 0.9);
    await expect(page.getByTestId("dashboard").filter({ visible: true }).getByRole("alert"), bad).toHaveCount(0);
    await expect(page.getByText("alert(1)"), bad).toHaveCount(0);
  }
  // Valid parameters beside invalid ones still count.
  await page.goto(`${plain}?range=24h&tz=Nowhere/City&interval=1h&refresh=-5`);
  await expect(page.getByTestId("range-select")).toHaveValue("24h");
  await expect(page.getByTestId("interval-select")).toHaveValue("1h");
  await expect(page.getByTestId("timezone-select")).toHaveValue("UTC");
  expect(dialogs).toBe(0);
});

test.describe("in New York", () => {
  test.use({ timezoneId: "America/New_York" });

  test("the time zone defaults to the viewer's browser zone, a chosen zone travels in the link, and an editor may save one", async ({ page, browser }) => {
    test.slow();
    const { projectId, dashboardId } = await seededProject(page, "newyork");
    const board = new DashboardPage(page, projectId, dashboardId);
    const zone = page.getByTestId("timezone-select");

    // The first visit renders in UTC on the server, then asks again in the browser's zone.
    const zoned = askedFor(page, (q) => q.timezone === "America/New_York");
    await board.open();
    expect((await (await zoned).json()).results.a.timezone).toBe("America/New_York");
    await expect(zone).toHaveValue("America/New_York");
    await expect(zone.locator("option:checked")).toHaveText("America/New_York (yours)");
    expect(search(page)).toBe("");
    expect((await page.context().cookies()).find((c) => c.name === "flux-tz")?.value).toBe("America/New_York");

    // From then on the server knows the zone: a reload asks nothing more.
    const seen = watch(page);
    await page.reload();
    await expect(zone).toHaveValue("America/New_York");
    await signupCount(page);
    await page.waitForTimeout(1500);
    expect(seen.queries).toEqual([]);

    // UTC chosen: in the URL, since it is not this viewer's default.
    const inUtc = askedFor(page, (q) => q.timezone === undefined);
    await zone.selectOption("UTC");
    await expect(page).toHaveURL(/\?tz=UTC$/);
    expect((await (await inUtc).json()).results.a.timezone).toBe("UTC");
    const link = page.url();

    // Someone in Berlin: the link shows UTC; the plain dashboard shows Berlin, their own zone.
    const berlin = await browser.newContext({ timezoneId: "Europe/Berlin", storageState: await page.context().storageState() });
    const other = await berlin.newPage();
    await other.goto(link);
    await expect(other.getByTestId("timezone-select")).toHaveValue("UTC");
    await other.goto(`/projects/${projectId}/dashboards/${dashboardId}`);
    await expect(other.getByTestId("timezone-select")).toHaveValue("Europe/Berlin");
    await expect(other.getByTestId("timezone-select").locator("option:checked")).toHaveText("Europe/Berlin (yours)");

    // Saved as the default, UTC is what everyone sees, New York and Berlin alike.
    const patched = page.waitForResponse((r) => isDashboardWrite(r.request()));
    await page.getByTestId("save-view-default").click();
    expect((await patched).request().postDataJSON()).toMatchObject({ timezone: "UTC" });
    await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
    expect(search(page)).toBe("");
    await other.reload();
    await expect(other.getByTestId("timezone-select")).toHaveValue("UTC");
    await board.open();
    await expect(zone).toHaveValue("UTC");
    await expect(zone.locator('option[value="America/New_York"]')).toHaveText("America/New_York (yours)");
    await berlin.close();
  });
});

import { expect, test } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { SettingsPage } from "./support/settings-page";
import { rollUpNow, StoragePage } from "./support/storage-page";
import { acceptInvitation } from "./support/invitations";
import { seedDemoProject } from "./support/demo-data";
import { shot } from "./support/screenshots";

const DAY = 86_400_000;
const gauge = (ageDays: number) => ({ type: "gauge", name: "storage.e2e", value: 1, timestamp: new Date(Date.now() - ageDays * DAY).toISOString() });

test("an owner shortens raw retention on the storage page and it is in force: older points are refused", async ({ page, request }) => {
  await signUp(page, newAccount("storage"));
  const projectId = await createProject(page, "Storage project");
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const key = await settings.createKey("Sender", ["ingest"]);
  const storage = new StoragePage(page, projectId);
  await storage.openFromSettings();
  await storage.expectInForce("rawDays", "30 days", true);
  await storage.expectInForce("rollup1hDays", "395 days (13 months)", true);
  await storage.expectInForce("rollup1dDays", "forever", true);
  await expect(page.getByRole("table", { name: "Storage per table" }).locator('[data-table="points"]')).toBeVisible();

  // A point 20 days old is still accepted under the default 30 days.
  const before = await request.post("/api/v1/metrics", { headers: { authorization: `Bearer ${key}` }, data: gauge(20) });
  expect(before.status()).toBe(202);

  // A 1-minute tier longer than raw data is refused on the field, and nothing changes.
  await storage.save({ rawDays: "10", rollup1mDays: "12" });
  await expect(storage.form.getByRole("alert")).toContainText("Keep 1-minute rollups at most as long as raw data (10 days)");
  await expect(storage.form.getByLabel("Raw data (days)")).toHaveValue("10");
  await storage.expectInForce("rawDays", "30 days", true);

  await storage.save({ rollup1mDays: "7" });
  await expect(storage.form.getByRole("status")).toContainText("Saved");
  await storage.expectInForce("rawDays", "10 days", false);
  await expect(storage.row("rawDays")).toContainText("default: 30 days");
  await page.reload();
  await storage.expectInForce("rawDays", "10 days", false);

  // In force for ingest: 20 days is now too old, 5 days is fine, and counts on the day it belongs to.
  const refused = await request.post("/api/v1/metrics", { headers: { authorization: `Bearer ${key}` }, data: gauge(20) });
  expect(refused.status()).toBe(422);
  expect(JSON.stringify(await refused.json())).toContain("older than this project keeps raw data (10 days");
  const accepted = await request.post("/api/v1/metrics", { headers: { authorization: `Bearer ${key}` }, data: gauge(5) });
  expect(accepted.status()).toBe(202);
  await page.reload();
  const day = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
  await page.getByText("Numbers per day").click();
  await expect(storage.dailyRow(day).locator("td").nth(1)).toHaveAttribute("data-value", "1");
});

test("a viewer sees the retention in force and the storage used, but cannot change retention", async ({ browser }) => {
  const owner = await browser.newPage();
  const viewer = await browser.newPage();
  const viewerAccount = newAccount("storage-viewer");
  await signUp(viewer, viewerAccount);
  await signUp(owner, newAccount("storage-owner"));
  const projectId = await createProject(owner, "Storage shared");
  const settings = new SettingsPage(owner, projectId);
  await settings.open();
  await settings.invite(viewerAccount.email, "viewer");
  expect(await acceptInvitation(viewer, "Storage shared")).toBe(projectId);

  const storage = new StoragePage(viewer, projectId);
  await storage.openFromSettings();
  await storage.expectInForce("rawDays", "30 days", true);
  await expect(viewer.getByTestId("retention-read-only")).toBeVisible();
  await expect(storage.form).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Save retention" })).toHaveCount(0);
  await expect(viewer.getByRole("table", { name: "Storage per table" })).toBeVisible();
  await owner.close();
  await viewer.close();
});

test("the storage page of a project with a month of data (screenshot)", async ({ page }) => {
  // Seeding a month through ingest and rolling up the shared database takes over a minute at the
  // end of a full run on 2 cores.
  test.setTimeout(240_000);
  await signUp(page, newAccount("storage-demo"));
  const projectId = await createProject(page, "Demo shop");
  await seedDemoProject(projectId);
  await rollUpNow();
  const storage = new StoragePage(page, projectId);
  await storage.openFromSettings();
  await storage.save({ rawDays: "14", rollup1mDays: "3" });
  await expect(storage.form.getByRole("status")).toContainText("Saved");
  const totals = page.getByTestId("daily-totals");
  await expect(totals).not.toHaveText(/^0 points/);
  await page.screenshot({ path: shot("settings-storage.png"), fullPage: true });
});

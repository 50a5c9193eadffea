import { expect, test } from "@playwright/test";
import { TEST_CRON_SECRET } from "../scripts/lib/test-stack";
import { createProject, newAccount, signUp } from "./support/accounts";
import { shot } from "./support/screenshots";

const JOB_NAMES = ["rollups", "compression", "retention", "purge-idempotency-keys", "purge-event-ids", "purge-job-runs"];

test("an owner opens Settings → Scheduled jobs and sees each job, and a run made by a cron call", async ({ page, request }) => {
  await signUp(page, newAccount("jobs"));
  const projectId = await createProject(page, "Jobs project");
  await page.goto(`/projects/${projectId}/settings`);
  await page.getByTestId("jobs-settings-link").click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/settings/jobs$`));
  await expect(page.getByRole("heading", { name: "Scheduled jobs" })).toBeVisible();

  const jobs = page.getByRole("table", { name: "Scheduled jobs" });
  for (const name of JOB_NAMES) await expect(jobs.locator(`[data-job="${name}"]`)).toBeVisible();
  await expect(jobs.locator('[data-job="purge-job-runs"]')).toContainText("every hour");
  // The test app runs no scheduler of its own: the page says an outside cron drives the jobs.
  await expect(page.getByText("FLUX_SCHEDULER=off")).toBeVisible();

  // An outside cron runs a job: the page shows the run, its outcome and counts, and the next period.
  const ran = await request.post("/api/cron/purge-job-runs", { headers: { authorization: `Bearer ${TEST_CRON_SECRET}` } });
  expect(ran.status()).toBe(200);
  const run = await ran.json();
  expect(run.outcome).toBe("ok");
  await page.reload();
  const row = jobs.locator('[data-job="purge-job-runs"]');
  await expect(row.locator('[data-outcome="ok"]')).toBeVisible();
  await expect(row).not.toContainText("never");
  const nextHour = new Date(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000);
  await expect(row).toContainText(`${String(nextHour.getUTCHours()).padStart(2, "0")}:00 UTC`);

  const recent = page.getByRole("table", { name: "Recent job runs" });
  // Jobs are instance-wide and the database is shared with other tests: find our run, not the newest.
  const latest = recent.locator('[data-testid="job-run"][data-job="purge-job-runs"]', { hasText: "cron call" }).first();
  await expect(latest).toContainText("cron call");
  await expect(latest).toContainText(`deleted ${run.summary.deleted}`);
  await expect(latest).toHaveAttribute("data-outcome", "ok");
  await page.screenshot({ path: shot("scheduled-jobs.png"), fullPage: true });
});

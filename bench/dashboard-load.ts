// npm run bench:ui – how fast a 12-widget dashboard (the demo dashboard over 30 days of demo
// data) becomes interactive in headless Chromium against a production build on localhost.
//   --runs 10   (reuses FLUX_TEST_BASE_URL + DATABASE_URL when both are set)
// "Interactive" = every widget has drawn its data (each chart's ECharts option registered on
// window.__fluxCharts by the hydrated client, numbers and table rows in the DOM, no skeleton).
import os from "node:os";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { startTestStack, type TestStack } from "../scripts/lib/test-stack";
import { findChromium } from "../scripts/lib/chromium";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
const RUNS = Number(flags.runs);
const BUDGET_MS = 1500;

let stack: TestStack | undefined;
let baseUrl = process.env.FLUX_TEST_BASE_URL;
if (!baseUrl || !process.env.DATABASE_URL) {
  process.env.FLUX_DIST_DIR ??= ".next-bench";
  console.log(`Starting PostgreSQL and a production build of Flux (FLUX_DIST_DIR=${process.env.FLUX_DIST_DIR})…`);
  stack = await startTestStack({ app: true, name: "bench-ui" });
  baseUrl = stack.baseUrl!;
  process.env.DATABASE_URL = stack.databaseUrl;
}

const browser = await chromium.launch({ executablePath: findChromium(), args: ["--no-sandbox", "--disable-gpu"] });
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

async function setUp(page: Page): Promise<string> {
  const email = `bench-${Date.now()}@flux.test`;
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel("Name").fill("Bench");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("bench-password-123");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/projects\/new$/);
  await page.getByLabel("Project name").fill("Bench");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectId = page.url().split("/").pop()!;
  const { seedDemo } = await import("../lib/demo/seed-demo");
  const seeded = await seedDemo({ ctx: { kind: "key", projectId, keyId: "bench", scopes: ["ingest", "read", "admin"] } });
  console.log(`Seeded ${seeded.events} events and ${seeded.points} points in ${(seeded.ms / 1000).toFixed(1)} s`);
  return `${baseUrl}/projects/${projectId}/dashboards/${seeded.dashboardId}`;
}

/** Milliseconds from navigation start until every widget has drawn its data. */
async function measure(page: Page, url: string) {
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(
    () => {
      const widgets = [...document.querySelectorAll<HTMLElement>("[data-widget-type]")];
      if (widgets.length !== 12 || document.querySelector(".widget-skeleton")) return false;
      return widgets.every((w) => {
        const id = w.dataset.testid!.replace(/^widget-/, "");
        if (w.dataset.widgetType === "table") return w.querySelectorAll("tbody tr").length > 0;
        return Boolean(window.__fluxCharts?.[id]);
      });
    },
    undefined,
    { polling: "raf", timeout: 30_000 },
  );
  const ready = await page.evaluate(() => performance.now());
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd };
  });
  // Input latency: a first click on "Add widget" a second after the page is ready (the editor
  // is fetched when the page goes idle) until the editor dialog is open.
  await page.waitForTimeout(1000);
  const t0 = Date.now();
  await page.getByTestId("add-widget").click();
  await page.getByRole("dialog").waitFor();
  const inputMs = Date.now() - t0;
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  return { ready, ttfb: nav.ttfb, dcl: nav.dcl, inputMs };
}

try {
  const setupPage = await browser.newPage();
  const url = await setUp(setupPage);
  const state = await setupPage.context().storageState();
  await setupPage.close();

  const cold: Awaited<ReturnType<typeof measure>>[] = [];
  const warm: Awaited<ReturnType<typeof measure>>[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    // Cold: a new browser context (empty HTTP cache); warm: the same page reloaded.
    const context = await browser.newContext({ storageState: state, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    cold.push(await measure(page, url));
    warm.push(await measure(page, url));
    await context.close();
  }
  const report = (label: string, xs: typeof cold) => {
    const ready = xs.map((x) => x.ready).sort((a, b) => a - b);
    console.log(
      `${label}: ready median ${Math.round(median(ready))} ms, p95 ${Math.round(pct(ready, 95))} ms, max ${Math.round(ready[ready.length - 1])} ms` +
        ` | TTFB median ${Math.round(median(xs.map((x) => x.ttfb)))} ms | DOMContentLoaded median ${Math.round(median(xs.map((x) => x.dcl)))} ms` +
        ` | click→editor open (1 s after ready) median ${Math.round(median(xs.map((x) => x.inputMs)))} ms`,
    );
    return pct(ready, 95);
  };
  console.log(`\n12-widget dashboard, ${RUNS} runs, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${new Date().toISOString()}`);
  const coldP95 = report("cold (new context)", cold);
  const warmP95 = report("warm (reload)     ", warm);
  const pass = Math.max(coldP95, warmP95) <= BUDGET_MS;
  console.log(`Budget ${BUDGET_MS} ms (p95): ${pass ? "met" : "MISSED"}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await browser.close();
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  await stack?.stop();
}
process.exit(process.exitCode ?? 0);

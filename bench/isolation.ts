// npm run bench:isolation – does one tenant's 50-widget dashboard stall everybody else?
// Against a production build (its own throwaway stack, or the one named by
// FLUX_TEST_BASE_URL + DATABASE_URL): seeds one project with latency points through the
// ingest API, gives it a 50-widget dashboard, then measures another project's steady ingest
// (a 20-point batch every --every ms, open loop) and /api/health, first alone, then while
// the dashboard page loads and all 50 widget queries are sent at once (a refresh).
//   --points 150000  --every 50  --baseline-seconds 8  --runs 2
import os from "node:os";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { startTestStack, type TestStack } from "../scripts/lib/test-stack";
import {
  browserQuery, createDashboard, createTenant, fiftyWidgets, fireWidgetQueries, loadDashboardPage,
  seedLatency, sessionCookie, steadyHealth, steadyIngest, summary, type Sample,
} from "../tests/load/isolation-scenario";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "150000" },
    every: { type: "string", default: "50" },
    "baseline-seconds": { type: "string", default: "8" },
    runs: { type: "string", default: "2" },
  },
});

let stack: TestStack | undefined;
let baseUrl = process.env.FLUX_TEST_BASE_URL;
if (!baseUrl || !process.env.DATABASE_URL) {
  process.env.FLUX_DIST_DIR ??= ".next-bench";
  console.log(`Starting PostgreSQL and a production build of Flux (FLUX_DIST_DIR=${process.env.FLUX_DIST_DIR})…`);
  stack = await startTestStack({ app: true, name: "bench-isolation" });
  baseUrl = stack.baseUrl!;
  process.env.DATABASE_URL = stack.databaseUrl;
}
const url = baseUrl;
const every = Number(flags.every);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
const line = (label: string, s: Sample[]) => {
  const m = summary(s);
  const bad = s.filter((x) => x.status !== 202 && x.status !== 200).length;
  return `${label}: n=${m.count} p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, max ${m.max.toFixed(1)} ms${bad ? `, ${bad} failed` : ""}`;
};

try {
  const [busy, other] = await Promise.all([createTenant("Fifty widgets"), createTenant("Steady ingest")]);
  const t0 = performance.now();
  await seedLatency({ baseUrl: url, key: busy.key, points: Number(flags.points) });
  console.log(`Seeded ${Number(flags.points).toLocaleString("en-US")} points through the ingest API in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const widgets = fiftyWidgets();
  const dashboardId = await createDashboard({ baseUrl: url, tenant: busy, widgets });
  const cookie = await sessionCookie({ baseUrl: url, tenant: busy });
  const warm = steadyIngest({ baseUrl: url, tenant: other, everyMs: 100 });
  await browserQuery({ baseUrl: url, cookie, projectId: busy.projectId, body: { queries: { a: { source: "metric", name: "http.latency", aggregation: "p95", range: "1h" } } } });
  await warm.stop();

  console.log(`\n${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}, ${new Date().toISOString()}`);
  for (let run = 1; run <= Number(flags.runs); run++) {
    console.log(`\nRun ${run} (load average ${load()})`);
    const alone = steadyIngest({ baseUrl: url, tenant: other, everyMs: every });
    const aloneHealth = steadyHealth({ baseUrl: url, everyMs: 100 });
    await new Promise((r) => setTimeout(r, Number(flags["baseline-seconds"]) * 1000));
    console.log("  " + line("ingest, no dashboard      ", await alone.stop()));
    console.log("  " + line("health, no dashboard      ", await aloneHealth.stop()));

    const ingest = steadyIngest({ baseUrl: url, tenant: other, everyMs: every });
    const health = steadyHealth({ baseUrl: url, everyMs: 100 });
    const page = await loadDashboardPage({ baseUrl: url, cookie, projectId: busy.projectId, dashboardId });
    const burst = await fireWidgetQueries({ baseUrl: url, cookie, projectId: busy.projectId, widgets });
    const [ingestSamples, healthSamples] = await Promise.all([ingest.stop(), health.stop()]);
    const failed = burst.answers.filter((a) => a.status !== 200).length + (page.status === 200 ? 0 : 1);
    const slowest = Math.max(...burst.answers.map((a) => a.ms));
    console.log(`  dashboard view (server renders 50 widgets): ${Math.round(page.ms)} ms (${Math.round(page.html.length / 1024)} KB); 50 widget queries at once: all answered in ${Math.round(burst.ms)} ms (slowest ${Math.round(slowest)} ms)${failed ? `, ${failed} failed` : ""}`);
    console.log("  " + line("ingest, with dashboard    ", ingestSamples));
    console.log("  " + line("health, with dashboard    ", healthSamples));
  }
  console.log(`\nload average after: ${load()}`);
  try {
    console.log(execSync("uptime").toString().trim());
  } catch {
    // uptime is informational only
  }
} finally {
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  await stack?.stop();
}
process.exit(0);

// npm run bench:isolation – does one tenant's 50-widget dashboard stall everybody else?
// Against a production build (its own throwaway stack, or the one named by
// FLUX_TEST_BASE_URL + DATABASE_URL): seeds one project with latency points through the
// ingest API, gives it a 50-widget dashboard, then measures another project's steady ingest
// (a 20-point batch every --every ms, open loop) and /api/health: alone, while a browser
// opens the dashboard (the page, then the other widgets six requests at a time), and while
// all 50 widget queries arrive at once.
//   --points 100000  --every 50  --baseline-seconds 8  --runs 2
import os from "node:os";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { startTestStack, type TestStack } from "../scripts/lib/test-stack";
import {
  BROWSER_CONNECTIONS, browserQuery, createDashboard, createTenant, fiftyWidgets, fireWidgetQueries, openDashboard,
  seedLatency, sessionCookie, steadyHealth, steadyIngest, summary, type Sample,
} from "../tests/load/isolation-scenario";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "100000" },
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

    let ingest = steadyIngest({ baseUrl: url, tenant: other, everyMs: every });
    let health = steadyHealth({ baseUrl: url, everyMs: 100 });
    const open = await openDashboard({ baseUrl: url, cookie, projectId: busy.projectId, dashboardId, widgets });
    let [ingestSamples, healthSamples] = await Promise.all([ingest.stop(), health.stop()]);
    const openFailed = open.client.answers.filter((a) => a.status !== 200).length + (open.page.status === 200 ? 0 : 1);
    console.log(
      `  dashboard opened in ${Math.round(open.ms)} ms: page ${Math.round(open.page.ms)} ms (${Math.round(open.page.html.length / 1024)} KB), ` +
        `then ${open.client.answers.length} widgets from the browser, ${BROWSER_CONNECTIONS} at a time, ${Math.round(open.client.ms)} ms${openFailed ? `, ${openFailed} failed` : ""}`,
    );
    console.log("  " + line("ingest, while it opens    ", ingestSamples));
    console.log("  " + line("health, while it opens    ", healthSamples));

    ingest = steadyIngest({ baseUrl: url, tenant: other, everyMs: every });
    health = steadyHealth({ baseUrl: url, everyMs: 100 });
    const burst = await fireWidgetQueries({ baseUrl: url, cookie, projectId: busy.projectId, widgets });
    [ingestSamples, healthSamples] = await Promise.all([ingest.stop(), health.stop()]);
    const failed = burst.answers.filter((a) => a.status !== 200).length;
    console.log(`  50 widget queries at once (many tabs, or HTTP/2): all answered in ${Math.round(burst.ms)} ms${failed ? `, ${failed} failed` : ""}`);
    console.log("  " + line("ingest, during the 50     ", ingestSamples));
    console.log("  " + line("health, during the 50     ", healthSamples));
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

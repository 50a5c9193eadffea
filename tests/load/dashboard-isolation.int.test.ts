import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { baseUrl } from "@/tests/fixtures";
import type { Widget } from "@/lib/dashboards/schema";
import {
  browserQuery, createDashboard, createTenant, fiftyWidgets, fireWidgetQueries, loadDashboardPage,
  seedLatency, sessionCookie, steadyHealth, steadyIngest, summary, type Sample, type Tenant,
} from "./isolation-scenario";

// Issue 13 part 3: one tenant opening a 50-widget dashboard over real data must not stall
// another tenant's ingest, nor /api/health, nor another project's widget. One measured run
// (beforeAll), over HTTP against the production build; each test checks one promise.

const POINTS = 150_000;
const P99_MS = 200;
/** The default FLUX_DB_QUERY_POOL_SIZE the test app runs with. */
const QUERY_POOL = 4;

/** Peak number of the app's busy PostgreSQL backends per pool (application_name flux-<pool>), sampled. */
function sampleBusyBackends(everyMs: number) {
  const peak: Record<string, number> = {};
  let pending: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pending = sql()<{ name: string; n: number }[]>`
      SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state <> 'idle' AND application_name LIKE 'flux-%' AND pid <> pg_backend_pid()
      GROUP BY 1`.then((rows) => {
      for (const r of rows) peak[r.name] = Math.max(peak[r.name] ?? 0, r.n);
    });
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      return peak;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let widgets: Widget[];
let run: {
  page: Awaited<ReturnType<typeof loadDashboardPage>>;
  burst: Awaited<ReturnType<typeof fireWidgetQueries>>;
  ingest: Sample[];
  health: Sample[];
  /** Another project's one widget, asked 300 ms into the burst. */
  single: { status: number; ms: number };
  peak: Record<string, number>;
  figures: string;
};

beforeAll(async () => {
  const url = baseUrl();
  const [busy, other]: Tenant[] = await Promise.all([createTenant("Fifty widgets"), createTenant("Steady ingest")]);
  await seedLatency({ baseUrl: url, key: busy.key, points: POINTS });
  widgets = fiftyWidgets();
  const dashboardId = await createDashboard({ baseUrl: url, tenant: busy, widgets });
  const cookie = await sessionCookie({ baseUrl: url, tenant: busy });
  // Warm up (route bundles, series cache, today's partition) and measure ingest alone.
  await browserQuery({ baseUrl: url, cookie, projectId: busy.projectId, body: { queries: { a: { source: "metric", name: "http.latency", aggregation: "p95", range: "1h" } } } });
  const quiet = steadyIngest({ baseUrl: url, tenant: other, everyMs: 50 });
  await sleep(3000);
  const alone = summary(await quiet.stop());

  const ingest = steadyIngest({ baseUrl: url, tenant: other, everyMs: 50 });
  const health = steadyHealth({ baseUrl: url, everyMs: 200 });
  const backends = sampleBusyBackends(200);
  const page = await loadDashboardPage({ baseUrl: url, cookie, projectId: busy.projectId, dashboardId });
  const burstDone = fireWidgetQueries({ baseUrl: url, cookie, projectId: busy.projectId, widgets });
  await sleep(300);
  const t0 = performance.now();
  const answer = await fetch(`${url}/api/v1/query`, {
    method: "POST",
    headers: { authorization: `Bearer ${other.key}`, "content-type": "application/json" },
    body: JSON.stringify({ queries: { a: { source: "metric", name: "queue.depth", aggregation: "avg", range: "1h" } } }),
  });
  await answer.arrayBuffer();
  const single = { status: answer.status, ms: performance.now() - t0 };
  const burst = await burstDone;
  const [ingestSamples, healthSamples, peak] = await Promise.all([ingest.stop(), health.stop(), backends.stop()]);
  const ing = summary(ingestSamples);
  const hl = summary(healthSamples);
  const figures =
    `dashboard page ${Math.round(page.ms)} ms, 50-query burst ${Math.round(burst.ms)} ms, other project's widget ${Math.round(single.ms)} ms; ` +
    `ingest alone p50 ${alone.p50.toFixed(1)} p99 ${alone.p99.toFixed(1)} ms; ` +
    `ingest with dashboard n=${ing.count} p50 ${ing.p50.toFixed(1)} p99 ${ing.p99.toFixed(1)} max ${ing.max.toFixed(1)} ms; ` +
    `health n=${hl.count} p50 ${hl.p50.toFixed(1)} p99 ${hl.p99.toFixed(1)} max ${hl.max.toFixed(1)} ms; busy backends ${JSON.stringify(peak)}`;
  console.log(figures);
  run = { page, burst, ingest: ingestSamples, health: healthSamples, single, peak, figures };
}, 300_000);

describe("while one tenant opens a 50-widget dashboard over real data and refetches every widget", () => {
  it("still renders every widget's data and answers every refetch", () => {
    expect(run.page.status).toBe(200);
    for (const w of widgets) expect(run.page.html).toContain(`data-testid="widget-${w.id}"`);
    expect(run.page.html).not.toContain("The query failed");
    expect(run.page.html).not.toContain("queries waiting already");
    expect(run.burst.answers.map((a) => a.status)).toEqual(widgets.map(() => 200));
    const graph = run.burst.answers.find((a) => a.id === "w2")!.body as { results: { a: { series: unknown[] } } };
    // Top 5 hosts and the rest folded into one "other" series.
    expect(graph.results.a.series.length).toBe(6);
    // The load lasted long enough to matter.
    expect(run.page.ms + run.burst.ms).toBeGreaterThan(1000);
  });

  it("keeps another tenant's ingest p99 under 200 ms, every batch accepted", () => {
    expect(run.ingest.length).toBeGreaterThan(20);
    expect(run.ingest.filter((s) => s.status !== 202)).toEqual([]);
    expect(summary(run.ingest).p99, run.figures).toBeLessThan(P99_MS);
  });

  it("keeps /api/health answering within 200 ms (p99)", () => {
    expect(run.health.filter((s) => s.status !== 200)).toEqual([]);
    expect(summary(run.health).p99, run.figures).toBeLessThan(P99_MS);
  });

  it("answers another project's single widget without queueing it behind the burst", () => {
    expect(run.single.status).toBe(200);
    expect(run.single.ms, run.figures).toBeLessThan(run.burst.ms / 4);
  });

  it("runs the widget queries on the query pool, never more at once than it has connections", () => {
    expect(run.peak["flux-query"], run.figures).toBeGreaterThan(0);
    expect(run.peak["flux-query"], run.figures).toBeLessThanOrEqual(QUERY_POOL);
  });
});

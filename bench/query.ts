// npm run bench:query – six dashboard widgets over 30 days of raw points and events, answered
// by runQuery in-process against a fresh PostgreSQL; prints p50/p95 per widget (warm).
//   --points 5000000  --series 200  --events 500000  --runs 20
import { parseArgs } from "node:util";
import { startTestStack } from "../scripts/lib/test-stack";

const { values: flags } = parseArgs({
  options: {
    points: { type: "string", default: "5000000" },
    series: { type: "string", default: "200" },
    events: { type: "string", default: "500000" },
    runs: { type: "string", default: "20" },
  },
});
const POINTS = Number(flags.points);
const SERIES = Number(flags.series);
const EVENTS = Number(flags.events);
const RUNS = Number(flags.runs);

console.log("Starting PostgreSQL…");
const stack = await startTestStack({ app: false, name: "bench-query" });
process.env.DATABASE_URL = stack.databaseUrl;
const { sql, closeDb } = await import("../lib/db/client");
const { signUp } = await import("../lib/auth/users");
const { createProject } = await import("../lib/projects/projects");
const { runQuery } = await import("../lib/query/run-query");

const user = await signUp({ input: { email: `bench-${Date.now()}@flux.test`, password: "bench-password-123" } });
const project = await createProject({ userId: user.id, input: { name: "Query bench" } });
const ctx = { kind: "user" as const, userId: user.id, projectId: project.id, role: "owner" as const };
const db = sql();
const to = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const from = to - 30 * 86_400_000;
const fromIso = new Date(from).toISOString();
const toIso = new Date(to).toISOString();

let t0 = performance.now();
await db`SELECT flux_ensure_partitions('points', ${fromIso}::timestamptz, ${toIso}::timestamptz)`;
await db`SELECT flux_ensure_partitions('events', ${fromIso}::timestamptz, ${toIso}::timestamptz)`;
for (const [name, type] of [["api.calls", "counter"], ["api.latency", "distribution"], ["cpu", "gauge"]] as const) {
  const [metric] = await db`INSERT INTO metrics (project_id, name, type) VALUES (${project.id}::uuid, ${name}, ${type}) RETURNING id`;
  await db`
    INSERT INTO series (project_id, metric_id, tags, tag_hash)
    SELECT ${project.id}::uuid, ${metric.id}::int, jsonb_build_object('endpoint', '/e' || (i % 20), 'host', 'h' || (i / 20)), i::text
    FROM generate_series(0, ${SERIES - 1}::int) i`;
  const perMetric = Math.floor(POINTS / 3);
  const [{ first }] = await db`SELECT min(id) AS first FROM series WHERE metric_id = ${metric.id}::int`;
  await db`
    INSERT INTO points (series_id, time, value)
    SELECT ${first}::int + (g % ${SERIES}::int), ${fromIso}::timestamptz + (random() * interval '30 days'), round((random() * 100)::numeric, 2)::float8
    FROM generate_series(1, ${perMetric}::int) g`;
}
await db`
  INSERT INTO events (project_id, time, name, user_id, value, properties)
  SELECT ${project.id}::uuid, ${fromIso}::timestamptz + (random() * interval '30 days'), CASE WHEN g % 10 = 0 THEN 'order.completed' ELSE 'page.view' END,
         'u' || (g % 5000), (g % 50)::float8, jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END)
  FROM generate_series(1, ${EVENTS}::int) g`;
await db`ANALYZE points; ANALYZE events; ANALYZE series`.simple();
console.log(`Loaded ${POINTS.toLocaleString("en-US")} points and ${EVENTS.toLocaleString("en-US")} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const range = { from: fromIso, to: toIso };
const widgets: Record<string, object> = {
  "counter sum, auto interval": { source: "metric", name: "api.calls", aggregation: "sum", range },
  "counter rate by endpoint, top 10": { source: "metric", name: "api.calls", aggregation: "rate", groupBy: ["endpoint"], range, interval: "1d" },
  "gauge last by host": { source: "metric", name: "cpu", aggregation: "last", groupBy: ["host"], range, interval: "6h" },
  "distribution p95 per day": { source: "metric", name: "api.latency", aggregation: "p95", range, interval: "1d", timezone: "Europe/Berlin" },
  "events unique users by plan, compare": { source: "event", name: "page.view", aggregation: "unique_users", groupBy: ["plan"], range, interval: "1d", compare: "previous_period" },
  "formula conversion": { queries: { a: { source: "event", name: "order.completed", aggregation: "count" }, b: { source: "event", name: "page.view", aggregation: "count" } }, formula: "a / b * 100", range, interval: "1d" },
};

for (const [label, input] of Object.entries(widgets)) {
  await runQuery({ ctx, input });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    await runQuery({ ctx, input });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
  console.log(`${label.padEnd(40)} p50 ${pct(0.5).padStart(6)} ms   p95 ${pct(0.95).padStart(6)} ms`);
}

await closeDb();
await stack.stop();

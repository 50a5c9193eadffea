import { startTestStack, type TestStack } from "../../scripts/lib/test-stack";
import { findTimescale } from "../../scripts/lib/timescale-cluster";

// The storage and query benchmarks' shared set-up: a throwaway database on either storage
// path, and 30 days of dashboard-like data written straight into the raw tables.

/** A fresh PostgreSQL 18 (plain path) or PostgreSQL 15 + TimescaleDB cluster, DATABASE_URL set. */
export async function startBenchStack(options: { name: string; timescale: boolean }): Promise<TestStack> {
  let install;
  if (options.timescale) {
    const found = findTimescale();
    if (!found.found) throw new Error(`--timescale: ${found.reason}`);
    install = found.install;
  }
  console.log(`Starting ${options.timescale ? "PostgreSQL 15 + TimescaleDB" : "PostgreSQL 18 (plain)"}…`);
  const stack = await startTestStack({ app: false, name: options.name, timescale: install });
  process.env.DATABASE_URL = stack.databaseUrl;
  return stack;
}

export interface BenchData {
  ctx: { kind: "user"; userId: string; projectId: string; role: "owner" };
  from: number;
  to: number;
  seriesIds: { calls: [number, number]; latency: [number, number]; cpu: [number, number] };
}

const DAY_MS = 86_400_000;

/**
 * Loads `points` points over the last 30 days on `series` series split between a counter
 * (api.calls: small integer increments), a latency distribution (api.latency: log-normal-ish
 * milliseconds) and a gauge (cpu: a slowly moving percentage), tagged by endpoint (20) and
 * host, plus `events` page views and orders by 5,000 users with a plan property. One day
 * per statement, so memory stays flat.
 */
export async function loadBenchData(options: { points: number; series: number; events: number; days?: number }): Promise<BenchData> {
  const { sql } = await import("../../lib/db/client");
  const { signUp } = await import("../../lib/auth/users");
  const { createProject } = await import("../../lib/projects/projects");
  const days = options.days ?? 30;
  const user = await signUp({ input: { email: `bench-${Date.now()}@flux.test`, password: "bench-password-123" } });
  const project = await createProject({ userId: user.id, input: { name: "Storage bench" } });
  const ctx = { kind: "user" as const, userId: user.id, projectId: project.id, role: "owner" as const };
  const db = sql();
  const to = Date.now();
  const from = Math.floor((to - days * DAY_MS) / DAY_MS) * DAY_MS;
  const started = performance.now();
  await db`SELECT flux_ensure_partitions('points', ${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz)`;
  await db`SELECT flux_ensure_partitions('events', ${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz)`;
  const perMetric = Math.max(1, Math.floor(options.series / 3));
  const ids = {} as BenchData["seriesIds"];
  const metrics = [
    ["api.calls", "counter", "calls", "(1 + floor(random() * 3))::float8"],
    ["api.latency", "distribution", "latency", "round((exp(3 + random() * 2.5) * (1 + random()))::numeric, 1)::float8"],
    ["cpu", "gauge", "cpu", "round((40 + 30 * sin(date_part('epoch', t) / 3600 + s) + random() * 5)::numeric, 1)::float8"],
  ] as const;
  for (const [name, type, key, valueSql] of metrics) {
    const [metric] = await db`INSERT INTO metrics (project_id, name, type, unit) VALUES (${project.id}::uuid, ${name}, ${type}, ${name === "api.latency" ? "ms" : null}) RETURNING id`;
    await db`
      INSERT INTO series (project_id, metric_id, tags, tag_hash)
      SELECT ${project.id}::uuid, ${metric.id}::int, jsonb_build_object('endpoint', '/e' || (i % 20), 'host', 'h' || (i / 20)), i::text
      FROM generate_series(0, ${perMetric - 1}::int) i`;
    const [{ first, last }] = await db`SELECT min(id) AS first, max(id) AS last FROM series WHERE metric_id = ${metric.id}::int`;
    ids[key] = [first, last];
    const perDay = Math.floor(options.points / 3 / days);
    for (let d = 0; d < days; d++) {
      const dayStart = new Date(from + d * DAY_MS).toISOString();
      await db.unsafe(
        `INSERT INTO points (series_id, time, value)
         SELECT s, t, ${valueSql} FROM (
           SELECT $1::int + (g % $2::int) AS s, $3::timestamptz + random() * interval '1 day' AS t
           FROM generate_series(1, $4::int) g) x
         WHERE t < now()`,
        [first, perMetric, dayStart, perDay],
      );
    }
  }
  const eventsPerDay = Math.floor(options.events / days);
  for (let d = 0; d < days; d++) {
    await db.unsafe(
      `INSERT INTO events (project_id, time, name, user_id, value, properties)
       SELECT $1::uuid, t, CASE WHEN g % 10 = 0 THEN 'order.completed' ELSE 'page.view' END, 'u' || (g % 5000), (g % 50)::float8,
              jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END)
       FROM (SELECT g, $2::timestamptz + random() * interval '1 day' AS t FROM generate_series(1, $3::int) g) x WHERE t < now()`,
      [project.id, new Date(from + d * DAY_MS).toISOString(), eventsPerDay],
    );
  }
  await db`ANALYZE points`;
  await db`ANALYZE events`;
  await db`ANALYZE series`;
  const [{ n }] = await db`SELECT count(*)::float8 AS n FROM points`;
  console.log(`Loaded ${Number(n).toLocaleString("en-US")} points on ${perMetric * 3} series and ${options.events.toLocaleString("en-US")} events in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { ctx, from, to, seriesIds: ids };
}

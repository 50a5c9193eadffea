import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import type { QueryResult } from "@/lib/query/model";
import { runQuery } from "@/lib/query/run-query";
import { compressDays } from "@/lib/storage/compression/compress-days";
import { rawRelation } from "@/lib/storage/raw-relation";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { runJobsNow } from "@/lib/scheduler/scheduler";
import { createTestProject, rejection, storagePath, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { deleteEventName } from "./delete-event-name";
import { deleteMetric } from "./delete-metric";
import { describeEventName } from "./describe-event-name";
import { describeMetric } from "./describe-metric";
import { listEventNames } from "./list-event-names";

// Deleting a metric or an event name removes every row of it on both storage paths – raw,
// compressed (packed tables / compressed chunks) and the 1m/1h/1d rollups (Flux's tables /
// continuous aggregates' materializations) – and nothing else; a name sent again starts from
// zero even where rollups answer the query. A database of its own: rollups and compression
// are instance-wide.
isolateDatabase("catalog_deletion");

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIERS = ["1m", "1h", "1d"] as const;

let a: TestProject;
let b: TestProject;
/** The deleted metric's series ids, for the test that sends it again. */
let goneIds: number[] = [];
// 10:00 UTC three days ago: a complete day, compressed, rolled up at every tier.
const oldDayStart = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
const old = oldDayStart + 10 * HOUR;
const oldDay = new Date(oldDayStart).toISOString().slice(0, 10);

const ingest = (p: TestProject, input: { events?: unknown[]; metrics?: unknown[] }) => ingestBatch({ ctx: p.ctx, input });
const eventsAt = (name: string, times: number[]) => times.map((t, i) => ({ name, timestamp: new Date(t).toISOString(), user_id: `u${i % 7}`, value: i, id: `${name}-${t}-${i}` }));
const latencyAt = (name: string, times: number[]) => times.flatMap((t, i) => ["a", "b"].map((host) => ({ type: "distribution", name, value: 10 + i, tags: { host }, timestamp: new Date(t).toISOString() })));
const minutes = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i * MINUTE);

/**
 * Everything under the name from the old day's start until now, hour by hour: the 1h rollups
 * answer the rolled-up part, raw rows the recent tail. (A window the rollups answer whole fails
 * for events: its raw-only parameters stay untyped, "could not determine data type of parameter
 * $1", lib/query's to fix.)
 */
async function historyTotal(p: TestProject, source: "event" | "metric", name: string, aggregation = "count"): Promise<{ total: number; tier: string }> {
  const result = (await runQuery({
    ctx: p.ctx,
    input: { source, name, aggregation, range: { from: oldDayStart, to: Date.now() }, interval: "1h", timezone: "UTC" },
  })) as QueryResult;
  return { total: result.series.reduce((n, s) => n + (s.total ?? 0), 0), tier: result.tier };
}

/** The rows of one event name in every relation that can hold them, counted straight from the tables. */
async function eventRows(projectId: string, name: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const all = rawRelation({ table: "events", from: "'-infinity'::timestamptz", to: "'infinity'::timestamptz" });
  [{ n: counts.raw }] = await sql().unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${all} e WHERE e.project_id = $1 AND e.name = $2`, [projectId, name]);
  if (storagePath === "postgres") {
    [{ n: counts.packed }] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM events_packed WHERE project_id = ${projectId} AND name = ${name}`;
  }
  for (const tier of TIERS) {
    for (const kind of ["events", "event_users"]) {
      [{ n: counts[`${kind}_${tier}`] }] = await sql().unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM rollup_${kind}_${tier} WHERE project_id = $1 AND name = $2`, [projectId, name]);
    }
  }
  return counts;
}

/** The rows of some series in every relation that can hold them. */
async function seriesRows(ids: number[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const all = rawRelation({ table: "points", from: "'-infinity'::timestamptz", to: "'infinity'::timestamptz" });
  [{ n: counts.raw }] = await sql().unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${all} r WHERE r.series_id = ANY($1::int[])`, [ids]);
  [{ n: counts.series }] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM series WHERE id = ANY(${ids}::int[])`;
  if (storagePath === "postgres") [{ n: counts.packed }] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM points_packed WHERE series_id = ANY(${ids}::int[])`;
  for (const tier of TIERS) {
    for (const kind of ["points", "sketch"]) {
      [{ n: counts[`${kind}_${tier}`] }] = await sql().unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM rollup_${kind}_${tier} WHERE series_id = ANY($1::int[])`, [ids]);
    }
  }
  return counts;
}

const seriesIdsOf = async (projectId: string, name: string) =>
  (await sql()<{ id: number }[]>`SELECT s.id FROM series s JOIN metrics m ON m.id = s.metric_id WHERE m.project_id = ${projectId} AND m.name = ${name} ORDER BY s.id`).map((r) => r.id);

/** Compressed rows the old day holds for the name: packed rows on plain PostgreSQL, rows in compressed chunks with TimescaleDB. */
async function compressedEvents(projectId: string, name: string): Promise<number> {
  if (storagePath === "postgres") {
    const [{ n }] = await sql()<{ n: number }[]>`SELECT coalesce(sum(cardinality(t0)), 0)::int AS n FROM events_packed WHERE project_id = ${projectId} AND name = ${name}`;
    return n;
  }
  const [{ n }] = await sql()<{ n: number }[]>`
    SELECT count(*)::int AS n FROM events e JOIN timescaledb_information.chunks c ON c.hypertable_name = 'events' AND c.is_compressed
      AND e.time >= c.range_start AND e.time < c.range_end
    WHERE e.project_id = ${projectId} AND e.name = ${name}`;
  return n;
}

beforeAll(async () => {
  // This file compresses and rolls up itself; TimescaleDB's compression policy would race it.
  if (storagePath === "timescaledb") await sql()`SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'`;
  a = await createTestProject("Deleting");
  b = await createTestProject("Neighbour");
  const recent = minutes(Math.floor((Date.now() - 40 * MINUTE) / MINUTE) * MINUTE, 5);
  for (const p of [a, b]) {
    await ingest(p, { events: [...eventsAt("gone.signup", [...minutes(old, 60), ...recent]), ...eventsAt("kept.signup", minutes(old, 30))] });
    await ingest(p, { metrics: [...latencyAt("gone.latency", [...minutes(old, 45), ...recent]), ...latencyAt("kept.latency", minutes(old, 20))] });
  }
  const compressed = await compressDays({ days: [oldDay] });
  expect(compressed.packed.length + compressed.chunks.length).toBeGreaterThan(0);
  await refreshRollups();
}, 180_000);

describe("deleteEventName", () => {
  it("removes the name's raw, compressed and rollup rows at every tier, and nothing of other names or projects", async () => {
    const before = await eventRows(a.projectId, "gone.signup");
    // Every place holds some of it, so that its being empty afterwards means something.
    expect(await compressedEvents(a.projectId, "gone.signup")).toBe(60);
    for (const [where, n] of Object.entries(before)) if (where !== "packed") expect(n, where).toBeGreaterThan(0);
    expect(await historyTotal(a, "event", "gone.signup")).toEqual({ total: 65, tier: "1h" });
    const keptBefore = await eventRows(a.projectId, "kept.signup");
    const neighbourBefore = await eventRows(b.projectId, "gone.signup");

    expect(await deleteEventName({ ctx: a.ctx, name: "gone.signup" })).toEqual({ name: "gone.signup", deletedEvents: 65 });

    for (const run of ["deleted", "after the storage jobs"]) {
      const after = await eventRows(a.projectId, "gone.signup");
      expect(Object.values(after).every((n) => n === 0), `${run}: ${JSON.stringify(after)}`).toBe(true);
      expect(await historyTotal(a, "event", "gone.signup")).toMatchObject({ total: 0 });
      expect(await eventRows(a.projectId, "kept.signup")).toEqual(keptBefore);
      expect(await eventRows(b.projectId, "gone.signup")).toEqual(neighbourBefore);
      await runJobsNow({ names: ["rollups", "compression", "retention"] });
    }
    expect(await historyTotal(b, "event", "gone.signup")).toEqual({ total: 65, tier: "1h" });
    expect((await rejection(describeEventName({ ctx: a.ctx, name: "gone.signup" }))).code).toBe("not_found");
    expect((await listEventNames({ ctx: a.ctx })).events.map((e) => e.name)).toEqual(["kept.signup"]);
    expect((await rejection(deleteEventName({ ctx: a.ctx, name: "gone.signup" }))).code).toBe("not_found");
  });

  it("counts an event name sent again from zero, in the compressed, rolled-up day too, and takes the same client ids again", async () => {
    const resent = eventsAt("gone.signup", minutes(old, 60)).slice(0, 7);
    expect((await ingest(a, { events: resent })).accepted).toBe(7);
    await refreshRollups();
    expect(await historyTotal(a, "event", "gone.signup")).toEqual({ total: 7, tier: "1h" });
    const described = await describeEventName({ ctx: a.ctx, name: "gone.signup" });
    expect(described.total).toBe(7);
    const rows = await eventRows(a.projectId, "gone.signup");
    expect([rows.raw, rows.events_1m, rows.events_1h]).toEqual([7, 7, 1]);
    // The day is complete: its 1d row counts the new events only.
    const [{ count }] = await sql()<{ count: number }[]>`
      SELECT count::int FROM rollup_events_1d WHERE project_id = ${a.projectId} AND name = 'gone.signup' AND bucket = ${new Date(oldDayStart).toISOString()}::timestamptz`;
    expect(count).toBe(7);
  });

  it("keeps the catalog's total equal to the stored events when batches arrive during the delete", async () => {
    const at = Math.floor((Date.now() - 20 * MINUTE) / MINUTE) * MINUTE;
    await ingest(a, { events: eventsAt("race.signup", minutes(at, 10).flatMap((t) => [t, t + 1, t + 2])) });
    const batches = Array.from({ length: 12 }, (_, i) =>
      new Promise((resolve) => setTimeout(resolve, i * 3)).then(() => ingest(a, { events: eventsAt("race.signup", minutes(at + i * 1000 + 5, 8)) })),
    );
    const [deleted] = await Promise.all([deleteEventName({ ctx: a.ctx, name: "race.signup" }), ...batches]);
    expect(deleted.deletedEvents).toBeGreaterThanOrEqual(30);
    const all = rawRelation({ table: "events", from: "'-infinity'::timestamptz", to: "'infinity'::timestamptz" });
    const [{ stored }] = await sql().unsafe<{ stored: number }[]>(`SELECT count(*)::int AS stored FROM ${all} e WHERE e.project_id = $1 AND e.name = 'race.signup'`, [a.projectId]);
    const [entry] = await sql()<{ total: number }[]>`SELECT total::int FROM event_names WHERE project_id = ${a.projectId} AND name = 'race.signup'`;
    // Each batch went with the delete or came after it, whole: the catalog counts exactly what is stored.
    expect(stored % 8).toBe(0);
    expect(entry?.total ?? 0).toBe(stored);
    expect(deleted.deletedEvents + stored).toBe(30 + 12 * 8);
  });
});

describe("deleteMetric", () => {
  it("removes every series, raw and compressed point and rollup row of the metric, and nothing of other metrics or projects", async () => {
    const ids = (goneIds = await seriesIdsOf(a.projectId, "gone.latency"));
    expect(ids).toHaveLength(2);
    const before = await seriesRows(ids);
    for (const [where, n] of Object.entries(before)) expect(n, where).toBeGreaterThan(0);
    expect(await historyTotal(a, "metric", "gone.latency")).toEqual({ total: 100, tier: "1h" });
    const keptIds = await seriesIdsOf(a.projectId, "kept.latency");
    const keptBefore = await seriesRows(keptIds);
    const neighbourIds = await seriesIdsOf(b.projectId, "gone.latency");
    const neighbourBefore = await seriesRows(neighbourIds);

    expect(await deleteMetric({ ctx: a.ctx, name: "gone.latency" })).toEqual({ name: "gone.latency", deletedSeries: 2, deletedPoints: 100 });
    for (const run of ["deleted", "after the storage jobs"]) {
      const after = await seriesRows(ids);
      expect(Object.values(after).every((n) => n === 0), `${run}: ${JSON.stringify(after)}`).toBe(true);
      expect(await seriesRows(keptIds)).toEqual(keptBefore);
      expect(await seriesRows(neighbourIds)).toEqual(neighbourBefore);
      await runJobsNow({ names: ["rollups", "compression", "retention"] });
    }
    expect((await rejection(describeMetric({ ctx: a.ctx, name: "gone.latency" }))).code).toBe("not_found");
    // Dashboards that still name it get "not found" from the query engine, never old data.
    expect((await rejection(historyTotal(a, "metric", "gone.latency"))).code).toBe("not_found");
    expect(await historyTotal(b, "metric", "gone.latency")).toEqual({ total: 100, tier: "1h" });
  });

  it("starts a metric sent again as a new one (new series, any type) that counts only the new points", async () => {
    const oldIds = new Set(goneIds);
    expect(oldIds.size).toBe(2);
    // Sent before as a distribution; the name is free again, so a counter is fine now.
    const points = minutes(old, 3).map((t, i) => ({ type: "counter", name: "gone.latency", value: i + 1, tags: { host: "a" }, timestamp: new Date(t).toISOString() }));
    expect((await ingest(a, { metrics: points })).accepted).toBe(3);
    const ids = await seriesIdsOf(a.projectId, "gone.latency");
    expect(ids).toHaveLength(1);
    expect(oldIds.has(ids[0])).toBe(false);
    expect((await describeMetric({ ctx: a.ctx, name: "gone.latency" })).type).toBe("counter");
    await refreshRollups();
    expect(await historyTotal(a, "metric", "gone.latency", "sum")).toEqual({ total: 1 + 2 + 3, tier: "1h" });
  });
});

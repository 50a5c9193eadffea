import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import type { QueryResult } from "@/lib/query/model";
import { runQuery } from "@/lib/query/run-query";
import { createTestProject, storagePath, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { insertEvents, insertPoints, insertSetMembers } from "@/tests/query-data";
import { compressOldData, type CompressionSummary } from "./compress-old-data";

// compressOldData on either storage path, on a database of its own: the age in force is the
// longest compressAfterDays of any project (chunks and partitions hold every project's rows),
// whole days past it are compressed and newer ones are not, a second run finds nothing to do,
// rows inserted late into compressed days are counted at once and compressed by the next run,
// and one instance at a time does the work.
isolateDatabase("compression");

const DAY = 86_400_000;
// A fixed "now" at noon: the data covers the 20 days before it.
const NOW = Date.UTC(2026, 5, 15, 12);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DATA_DAYS = Array.from({ length: 20 }, (_, i) => Math.floor(NOW / DAY) * DAY - (i + 1) * DAY);

let a: TestProject;
let b: TestProject;

async function setCompressAfter(project: TestProject, days: number | null) {
  const storage = days === null ? {} : { compressAfterDays: days };
  await sql()`UPDATE projects SET settings = jsonb_set(settings, '{storage}', ${JSON.stringify(storage)}::jsonb) WHERE id = ${project.projectId}`;
}

async function run(): Promise<Extract<CompressionSummary, { status: "compressed" }>> {
  const summary = await compressOldData({ now: NOW });
  if (summary.status !== "compressed") throw new Error(`expected a run, got ${summary.status}`);
  return summary;
}

/** UTC days whose rows sit compressed: packed (plain) or in compressed chunks (TimescaleDB), per raw table. */
async function compressedDays(): Promise<Record<string, string[]>> {
  const rows =
    storagePath === "postgres"
      ? await sql()<{ table: string; day: string }[]>`
          SELECT 'points' AS table, to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM points_packed
          UNION SELECT 'set_points', to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM set_points_packed
          UNION SELECT 'events', to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM events_packed ORDER BY 1, 2`
      : await sql()<{ table: string; day: string }[]>`
          SELECT hypertable_name AS table, to_char(range_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
          FROM timescaledb_information.chunks
          WHERE hypertable_schema = 'public' AND hypertable_name IN ('points', 'set_points', 'events') AND is_compressed ORDER BY 1, 2`;
  const byTable: Record<string, string[]> = { events: [], points: [], set_points: [] };
  for (const r of rows) byTable[r.table].push(r.day);
  return byTable;
}

const daysBefore = (cutoff: number) => DATA_DAYS.filter((d) => d + DAY <= cutoff).map(dayOf).sort();

async function pointCount(): Promise<number> {
  const result = (await runQuery({
    ctx: b.ctx, tiers: "raw",
    input: { source: "metric", name: "old.latency", aggregation: "count", range: { from: DATA_DAYS[19], to: NOW }, interval: "1d" },
  })) as QueryResult;
  return result.series[0].total ?? 0;
}

async function policies(): Promise<Record<string, string>> {
  const rows = await sql()<{ table: string; after: string }[]>`
    SELECT hypertable_name AS table, config->>'compress_after' AS after FROM timescaledb_information.jobs
    WHERE proc_name = 'policy_compression' AND hypertable_schema = 'public' ORDER BY 1`;
  return Object.fromEntries(rows.map((r) => [r.table, r.after]));
}

beforeAll(async () => {
  // This file compresses what it checks itself; TimescaleDB's policy job would compress the
  // same chunks at the same moment.
  if (storagePath === "timescaledb") await sql()`SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'`;
  a = await createTestProject();
  b = await createTestProject();
  const times = DATA_DAYS.flatMap((d) => [d + 1_000, d + 6 * 3_600_000 + 7, d + DAY - 1]);
  await insertPoints({ projectId: b.projectId, name: "old.latency", type: "distribution", points: times.map((time, i) => ({ time, value: i * 0.5, tags: { host: `h${i % 3}` } })) });
  await insertSetMembers({ projectId: b.projectId, name: "old.users", members: times.map((time, i) => ({ time, member: `u${i % 7}` })) });
  await insertEvents({ projectId: a.projectId, events: times.map((time, i) => ({ time, name: "old.event", userId: `u${i}`, properties: { i } })) });
}, 120_000);

describe(`compressOldData (${storagePath})`, () => {
  it("uses the default age while no project has chosen one", async () => {
    const summary = await run();
    expect(summary.compressAfterDays).toBe(7);
    expect(summary.cutoff).toBe(new Date(NOW - 7 * DAY).toISOString());
    const expected = daysBefore(NOW - 7 * DAY);
    expect(expected).toHaveLength(13);
    expect(await compressedDays()).toEqual({ events: expected, points: expected, set_points: expected });
    expect(await pointCount()).toBe(60);
  });

  it("compresses past the LONGEST compressAfterDays of any project, and leaves what is compressed compressed", async () => {
    await setCompressAfter(a, 3);
    await setCompressAfter(b, 12);
    const summary = await run();
    expect(summary.compressAfterDays).toBe(12);
    expect(summary.cutoff).toBe(new Date(NOW - 12 * DAY).toISOString());
    if (summary.timescaledb) {
      expect(Object.values(summary.timescaledb.policies).every((p) => p.compressAfter === "12 days" && p.changed)).toBe(true);
      expect(await policies()).toEqual({ events: "12 days", points: "12 days", set_points: "12 days" });
      expect(summary.timescaledb.compressed).toEqual([]);
    } else {
      expect(summary.postgres?.packed).toEqual([]);
    }
    // Days between the old and the new age were compressed before; nothing is decompressed.
    const expected = daysBefore(NOW - 7 * DAY);
    expect(await compressedDays()).toEqual({ events: expected, points: expected, set_points: expected });
  });

  it("compresses each newly old day once, and finds nothing to do the second time", async () => {
    const later = NOW + 10 * DAY;
    const first = await compressOldData({ now: later });
    expect(first.status).toBe("compressed");
    const again = await compressOldData({ now: later });
    if (again.status !== "compressed") throw new Error(again.status);
    if (again.timescaledb) expect([...again.timescaledb.compressed, ...again.timescaledb.recompressed]).toEqual([]);
    if (again.postgres) expect(again.postgres.packed).toEqual([]);
    const expected = daysBefore(later - 12 * DAY);
    expect(expected).toHaveLength(18);
    expect(await compressedDays()).toEqual({ events: expected, points: expected, set_points: expected });
    expect(await pointCount()).toBe(60);
  });

  it("counts a point inserted late into a compressed day at once, and compresses it with the next run", async () => {
    const day = DATA_DAYS[15];
    await insertPoints({ projectId: b.projectId, name: "old.latency", type: "distribution", points: [{ time: day + 12 * 3_600_000, value: 99, tags: { host: "late" } }] });
    expect(await pointCount()).toBe(61);
    const summary = await run();
    if (summary.postgres) {
      expect(summary.postgres.packed.map((p) => [p.table, p.day, p.moved])).toEqual([["points", dayOf(day), 1]]);
      const [{ raw }] = await sql().unsafe<{ raw: number }[]>(`SELECT count(*)::int AS raw FROM points_p${dayOf(day).replaceAll("-", "")}`);
      expect(raw).toBe(0);
    } else {
      // TimescaleDB took the insert into the compressed chunk; the run compressed the new row.
      expect(summary.timescaledb?.recompressed).toHaveLength(1);
      const [{ partial }] = await sql()<{ partial: number }[]>`
        SELECT count(*)::int AS partial FROM _timescaledb_catalog.chunk c JOIN _timescaledb_catalog.hypertable h ON h.id = c.hypertable_id
        WHERE h.table_name = 'points' AND c.status & 8 <> 0`;
      expect(partial).toBe(0);
    }
    expect(await pointCount()).toBe(61);
  });

  it("follows a shorter longest age once the project that set it lets go", async () => {
    await setCompressAfter(b, null);
    const summary = await run();
    expect(summary.compressAfterDays).toBe(7);
    if (summary.timescaledb) expect(await policies()).toEqual({ events: "7 days", points: "7 days", set_points: "7 days" });
  });

  it("does nothing while another instance holds the compression lock", async () => {
    const inner = await withTryAdvisoryLock(sql(), "compression", () => compressOldData({ now: NOW }));
    expect(inner?.status).toBe("skipped");
  });
});

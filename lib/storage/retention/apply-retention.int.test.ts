import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { updateStorageSettings } from "@/lib/storage/storage-settings";
import { createTestProject, storagePath, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { insertEvents, insertPoints, insertSetMembers } from "@/tests/query-data";
import { rawRelation } from "@/lib/storage/raw-relation";
import { applyRetention, type RetentionSummary } from "./apply-retention";

// Retention drops whole chunks/partitions past the longest retention of any project and
// deletes the older rows of projects that keep a tier shorter. Chunks hold every project's
// rows and the longest retention is instance-wide, so this file has a database of its own.
isolateDatabase("retention");

const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / DAY) * DAY;
const KINDS = { points: "series_id", sketch: "series_id", sets: "series_id", events: "project_id", event_users: "project_id" } as const;
const TIERS = ["1m", "1h", "1d"] as const;
type Tier = "raw" | (typeof TIERS)[number];

// A keeps everything short, B long (B's are the longest of the instance: B's own rows go
// only with whole chunks/partitions, so B's expectations sit well past a chunk's width).
const SHORT = { rawDays: 2, rollup1mDays: 1, rollup1hDays: 4, rollup1dDays: 8 };
const LONG = { rawDays: 10, rollup1mDays: 5, rollup1hDays: 12, rollup1dDays: null };
const AGES = [0.5, 3, 6, 11, 20, 45];

let a: TestProject;
let b: TestProject;

async function writeData(p: TestProject) {
  const times = AGES.map((age) => NOW - age * DAY);
  await insertPoints({ projectId: p.projectId, name: "ret.latency", type: "distribution", points: times.map((time) => ({ time, value: 5 })) });
  await insertSetMembers({ projectId: p.projectId, name: "ret.users", members: times.map((time) => ({ time, member: "m-1" })) });
  await insertEvents({ projectId: p.projectId, events: times.map((time) => ({ time, name: "ret.event", userId: "u-1" })) });
}

/**
 * Rolls up to NOW (retrying while another refresh holds the lock): rows not yet rolled up are
 * never deleted. Twice, since TimescaleDB 2.28 can leave the empty stretches between late rows
 * in its invalidation log after one refresh, which holds the effective watermark back.
 */
async function rolledUp() {
  for (let done = 0, i = 0; done < 2; i++) {
    if (i > 60) throw new Error("rollups stayed locked");
    if ((await refreshRollups({ now: NOW })).status === "refreshed") done++;
    else await new Promise((r) => setTimeout(r, 500));
  }
}

/** Which relations of a tier still hold the project's rows for the day `age` days before NOW. */
async function holding(p: TestProject, tier: Tier, age: number): Promise<string[]> {
  const from = new Date(Math.floor((NOW - age * DAY) / DAY) * DAY);
  const to = new Date(from.getTime() + DAY);
  const relations: [string, string, string, string][] =
    tier === "raw"
      ? (["points", "set_points", "events"] as const).map((t) => [t, rawRelation({ table: t, from: "$2::timestamptz", to: "$3::timestamptz" }), t === "events" ? "project_id" : "series_id", "time"])
      : Object.entries(KINDS).map(([kind, owner]) => [`rollup_${kind}_${tier}`, `rollup_${kind}_${tier}`, owner, "bucket"]);
  const held: string[] = [];
  for (const [name, relation, owner, time] of relations) {
    const own = owner === "project_id" ? "project_id = $1::uuid" : "series_id IN (SELECT id FROM series WHERE project_id = $1::uuid)";
    const [row] = await sql().unsafe(`SELECT count(*)::int AS n FROM ${relation} r WHERE ${own} AND ${time} >= $2 AND ${time} < $3`, [p.projectId, from.toISOString(), to.toISOString()]);
    if (row.n > 0) held.push(name);
  }
  return held;
}

const ALL = { raw: ["points", "set_points", "events"], ...Object.fromEntries(TIERS.map((t) => [t, Object.keys(KINDS).map((k) => `rollup_${k}_${t}`)])) } as Record<Tier, string[]>;

/** What the project should still hold at each age: tier → kept? */
async function expectHeld(p: TestProject, expected: Record<number, Partial<Record<Tier, boolean>>>) {
  for (const [age, tiers] of Object.entries(expected)) {
    for (const [tier, kept] of Object.entries(tiers) as [Tier, boolean][]) {
      expect({ age, tier, held: await holding(p, tier, Number(age)) }).toEqual({ age, tier, held: kept ? ALL[tier] : [] });
    }
  }
}

let first: RetentionSummary;
let compressed = 0;

beforeAll(async () => {
  a = await createTestProject("Short retention");
  b = await createTestProject("Long retention");
  await updateStorageSettings({ ctx: a.ctx, input: SHORT });
  await updateStorageSettings({ ctx: b.ctx, input: LONG });
  await rolledUp();
  await writeData(a);
  await writeData(b);
  // Rows written below the watermarks are late rows: rolled up (TimescaleDB) or at least
  // settled (plain) before retention may touch them.
  await rolledUp();
  if (storagePath === "postgres") await writePlainRollups([a, b]);
  compressed = await compressOldDays();
  first = await applyRetention({ now: NOW });
}, 120_000);

/**
 * Raw rows older than 2 days are stored compressed, as compression would have left them:
 * TimescaleDB's compressed chunks, or plain PostgreSQL's packed tables (their day partitions
 * emptied). Retention must find them there too. Counts the compressed chunks / packed rows.
 */
async function compressOldDays(): Promise<number> {
  const days = AGES.filter((age) => age >= 3).map((age) => new Date(NOW - age * DAY).toISOString().slice(0, 10));
  if (storagePath === "timescaledb") {
    const rows = await sql()<{ chunk: string }[]>`
      SELECT compress_chunk(c) AS chunk FROM unnest(ARRAY['points', 'set_points', 'events']) t, show_chunks(t::regclass, older_than => ${new Date(NOW - 2 * DAY).toISOString()}::timestamptz) c`;
    return rows.length;
  }
  let packed = 0;
  for (const day of days) {
    for (const table of ["points", "set_points", "events"]) {
      const [row] = await sql()<{ packed_rows: number }[]>`SELECT packed_rows::int FROM flux_pack_day(${table}, ${day}::date)`;
      packed += row.packed_rows;
    }
  }
  return packed;
}

/**
 * Without TimescaleDB, late rows older than a project's own retention are not re-aggregated
 * (lib/storage/rollups), so the rollup rows these days would have had are written here.
 */
async function writePlainRollups(projects: TestProject[]) {
  for (const p of projects) {
    for (const tier of TIERS) {
      const width = { "1m": "1 minute", "1h": "1 hour", "1d": "1 day" }[tier];
      const series = `SELECT s.id, date_bin('${width}', p.time, 'epoch') AS bucket, p.value FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = $1::uuid`;
      await sql().unsafe(
        `SELECT flux_ensure_partitions(r, $1::timestamptz, $2::timestamptz) FROM unnest(ARRAY['rollup_points_${tier}', 'rollup_sketch_${tier}', 'rollup_sets_${tier}', 'rollup_events_${tier}', 'rollup_event_users_${tier}']) r`,
        [new Date(NOW - 46 * DAY).toISOString(), new Date(NOW).toISOString()],
      );
      await sql().unsafe(`INSERT INTO rollup_points_${tier} SELECT id, bucket, 1, value, value, value, ARRAY[0, value], ARRAY[0, value] FROM (${series}) x ON CONFLICT DO NOTHING`, [p.projectId]);
      await sql().unsafe(`INSERT INTO rollup_sketch_${tier} SELECT id, bucket, public.flux_sketch_key(value), 1 FROM (${series}) x ON CONFLICT DO NOTHING`, [p.projectId]);
      await sql().unsafe(
        `INSERT INTO rollup_sets_${tier} SELECT s.id, date_bin('${width}', p.time, 'epoch'), 1, 1 FROM set_points p JOIN series s ON s.id = p.series_id WHERE s.project_id = $1::uuid ON CONFLICT DO NOTHING`,
        [p.projectId],
      );
      await sql().unsafe(`INSERT INTO rollup_events_${tier} SELECT project_id, name, date_bin('${width}', time, 'epoch'), 1, NULL, 0 FROM events WHERE project_id = $1::uuid ON CONFLICT DO NOTHING`, [p.projectId]);
      await sql().unsafe(`INSERT INTO rollup_event_users_${tier} SELECT project_id, name, date_bin('${width}', time, 'epoch'), 1, 1 FROM events WHERE project_id = $1::uuid ON CONFLICT DO NOTHING`, [p.projectId]);
    }
  }
}

// TimescaleDB rebuilds hours from the 1-minute aggregate when late rows land, so its 1-minute
// rows stay while any project's raw rows may still arrive late (the longest raw retention).
const minuteKeptLong = storagePath === "timescaledb";

describe("applyRetention", () => {
  it("runs on this storage path and reports no failure", async () => {
    expect(first.skipped).toBe(false);
    expect(first.path).toBe(storagePath);
    expect(first.failed).toEqual([]);
    expect(first.heldBack).toEqual({});
  });

  it("met old raw rows in their compressed form (compressed chunks, or packed rows)", () => {
    expect(compressed).toBeGreaterThanOrEqual(storagePath === "timescaledb" ? 3 * 5 : 2 * 3 * 5);
  });

  it("drops whole chunks/partitions only past the longest retention of any project", async () => {
    expect(first.dropBefore).toEqual({ raw: new Date(NOW - 10 * DAY).toISOString(), "1m": new Date(NOW - (minuteKeptLong ? 10 : 5) * DAY).toISOString(), "1h": new Date(NOW - 12 * DAY).toISOString(), "1d": null });
    const points = rawRelation({ table: "points", from: "'-infinity'::timestamptz", to: "'infinity'::timestamptz" });
    const rawDays = await sql().unsafe<{ day: string }[]>(`SELECT DISTINCT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM ${points} ORDER BY 1`);
    // Only days younger than 10 days keep raw rows (A's from 3 days on are deleted, B's are not).
    expect(rawDays.map((r) => r.day)).toEqual([6, 3, 0.5].map((age) => new Date(NOW - age * DAY).toISOString().slice(0, 10)));
    expect(first.dropped.length).toBeGreaterThanOrEqual(3 * 3); // days 11, 20, 45 of points, set_points and events at least
  });

  it("deletes the rows of the project with the shorter retention, tier by tier, and keeps the other project's", async () => {
    await expectHeld(a, {
      0.5: { raw: true, "1m": true, "1h": true }, // its day is not over at NOW: no daily row yet
      3: { raw: false, "1m": minuteKeptLong, "1h": true, "1d": true },
      6: { raw: false, "1m": minuteKeptLong, "1h": false, "1d": true },
      // On TimescaleDB its 1-minute rows then go with their chunk (ten days wide), not row by row.
      11: { raw: false, ...(minuteKeptLong ? {} : { "1m": false }), "1h": false, "1d": false },
      45: { raw: false, "1m": false, "1h": false, "1d": false },
    });
    await expectHeld(b, {
      0.5: { raw: true, "1m": true, "1h": true },
      3: { raw: true, "1m": true, "1h": true, "1d": true },
      6: { raw: true, "1h": true, "1d": true },
      11: { raw: false, "1h": true, "1d": true },
      20: { raw: false, "1m": false, "1d": true }, // its hourly rows go with their chunk (10 days, or a month)
      45: { raw: false, "1m": false, "1h": false, "1d": true },
    });
    // Found where compression left them: in compressed chunks, or in the packed tables.
    const deleted = (table: string) => (first.deleted[table] ?? 0) + (first.deleted[`${table}_packed`] ?? 0);
    for (const table of ["points", "set_points", "events"]) expect(deleted(table)).toBeGreaterThan(0);
  });

  it("leaves nothing for the rollups to re-aggregate: a refresh afterwards brings nothing back and empties nothing", async () => {
    let logged = 0;
    if (storagePath === "timescaledb") {
      // Retention records no change in TimescaleDB's invalidation logs: a refresh over a range
      // whose raw rows are gone would empty the 1m, then the 1h and 1d aggregates there.
      [{ n: logged }] = await sql()<{ n: number }[]>`
        SELECT count(*)::int AS n FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log
        WHERE _timescaledb_functions.to_timestamp(lowest_modified_value) < ${new Date(NOW).toISOString()}::timestamptz`;
      await sql().unsafe("CALL refresh_continuous_aggregate('rollup_points_1m', NULL, NULL)");
    }
    await rolledUp();
    await expectHeld(b, { 11: { raw: false, "1h": true, "1d": true }, 45: { "1h": false, "1d": true } });
    await expectHeld(a, { 3: { "1m": minuteKeptLong, "1h": true, "1d": true }, 6: { "1h": false, "1d": true }, 11: { "1d": false } });
    expect(logged).toBe(0);
  });

  it("is idempotent: a second run finds nothing left to drop or delete", async () => {
    const again = await applyRetention({ now: NOW });
    expect(again).toMatchObject({ skipped: false, dropped: [], deleted: {}, failed: [] });
    await expectHeld(b, { 3: { raw: true, "1m": true, "1h": true, "1d": true }, 45: { "1d": true } });
  });

  it("does nothing while another instance holds the retention lock", async () => {
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await other`SELECT pg_advisory_lock(${ADVISORY_LOCKS.retention})`;
      expect(await applyRetention({ now: NOW + 30 * DAY })).toMatchObject({ skipped: true, dropped: [] });
      await other`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.retention})`;
    } finally {
      await other.end();
    }
    await expectHeld(b, { 3: { raw: true } });
  });

  it("never deletes rows the next tier has not rolled up yet (runs last: it moves the clock on)", async () => {
    // Rows after the rollups' watermarks (NOW, or the clock on TimescaleDB) stay however old
    // the retention says they are, until they are rolled up.
    const ahead = NOW + 2 * DAY;
    await insertPoints({ projectId: b.projectId, name: "ret.latency", type: "distribution", points: [{ time: ahead, value: 1 }] });
    const later = await applyRetention({ now: NOW + 40 * DAY });
    expect(later.failed).toEqual([]);
    expect(later.dropBefore.raw).toBe(new Date(NOW + 30 * DAY).toISOString());
    expect(new Date(later.heldBack.points!).getTime()).toBeLessThanOrEqual(Date.now());
    const [row] = await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM points WHERE time = ${new Date(ahead).toISOString()}::timestamptz`;
    expect(row.n).toBe(1);
    expect(await holding(b, "raw", 6)).toEqual([]);
  });
});


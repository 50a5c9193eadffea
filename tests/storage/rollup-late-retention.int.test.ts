import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { createTestProject, storagePath } from "../fixtures";
import { isolateDatabase } from "../isolated-database";
import { insertPoints } from "../query-data";
import { DAY, HOUR, MINUTE, TIERS, changedKeys, expectSameRows, rawAggregates, refreshNow, rollupRows, seedProject, tierEnds, type Rows, type Scope, type Tier } from "./rollup-checks";

// Late rows in buckets that a project's retention has partly removed (plain PostgreSQL, where
// Flux re-aggregates late buckets itself): a bucket is rebuilt only from a source that still
// holds all of it for that project, never replaced by an aggregate of what is left.

// A database of its own: rolling the shared one up would turn other files' exact answers over
// recent data into rollup answers.
isolateDatabase("late_retention");

async function snapshot(scope: Scope, at: number): Promise<Record<Tier, Rows>> {
  const ends = tierEnds(at);
  const rows = await Promise.all(TIERS.map((tier) => rollupRows(scope, tier, ends[tier])));
  return { "1m": rows[0], "1h": rows[1], "1d": rows[2] };
}

async function projectWith(storage: Record<string, number>): Promise<string> {
  const { projectId } = await createTestProject();
  await sql()`UPDATE projects SET settings = jsonb_set(settings, '{storage}', ${JSON.stringify(storage)}::jsonb) WHERE id = ${projectId}`;
  return projectId;
}

describe.runIf(storagePath === "postgres")("late rows behind a project's retention", () => {
  const now0 = Date.now();
  // 20 hours of data three days back: past a 1-day retention, inside every default one.
  const from = Math.floor((now0 - 3 * DAY) / HOUR) * HOUR;
  const late = from + 10 * HOUR + 17_000;
  let shortMinutes: Scope;
  let shortRaw: Scope;

  beforeAll(async () => {
    shortMinutes = await seedProject({ projectId: await projectWith({ rollup1mDays: 1 }), from, to: from + 20 * HOUR, stepMs: 120_000 });
    shortRaw = await seedProject({ projectId: await projectWith({ rawDays: 1 }), from, to: from + 20 * HOUR, stepMs: 120_000 });
    await refreshNow();
  }, 120_000);

  it("rebuilds the hour from raw rows when the project's 1-minute rollups are gone, and leaves the buckets whose raw rows are gone as they were", async () => {
    const at = Date.now();
    const before = await snapshot(shortRaw, at);
    // What retention does for these projects: 1-minute rows older than a day go for one,
    // raw rows older than a day for the other.
    const horizon = new Date(now0 - DAY).toISOString();
    for (const kind of ["points", "sketch", "sets"]) {
      await sql().unsafe(`DELETE FROM rollup_${kind}_1m WHERE series_id = ANY($1::int[]) AND bucket < $2::timestamptz`, [shortMinutes.seriesIds, horizon]);
    }
    for (const kind of ["events", "event_users"]) {
      await sql().unsafe(`DELETE FROM rollup_${kind}_1m WHERE project_id = $1::uuid AND bucket < $2::timestamptz`, [shortMinutes.projectId, horizon]);
    }
    for (const table of ["points", "set_points"]) {
      await sql().unsafe(`DELETE FROM ${table} WHERE series_id = ANY($1::int[]) AND time < $2::timestamptz`, [shortRaw.seriesIds, horizon]);
    }
    await sql()`DELETE FROM events WHERE project_id = ${shortRaw.projectId} AND time < ${horizon}::timestamptz`;

    for (const scope of [shortMinutes, shortRaw]) {
      await insertPoints({ projectId: scope.projectId, name: "rollup.gauge", type: "gauge", points: [{ time: late, value: 99_999, tags: { host: "a" } }] });
    }
    await refreshNow();

    // The 1m tier holds the late minute again (from raw rows); the hour and the day are whole.
    const ends = tierEnds(at);
    const minute = new Date(Math.floor(late / MINUTE) * MINUTE).toISOString();
    const raw1m = await rawAggregates(shortMinutes, "1m", ends["1m"]);
    const lateMinute = new Map([...raw1m].filter(([key]) => key.endsWith(`|${minute}`) && key.startsWith("points|")));
    const stored1m = await rollupRows(shortMinutes, "1m", ends["1m"]);
    expectSameRows(new Map([...stored1m].filter(([key]) => key.startsWith("points|"))), lateMinute, "1m");
    for (const tier of ["1h", "1d"] as const) {
      expectSameRows(await rollupRows(shortMinutes, tier, ends[tier]), await rawAggregates(shortMinutes, tier, ends[tier]), tier);
    }
    const hour = (await rollupRows(shortMinutes, "1h", ends["1h"])).get(`points|${shortMinutes.seriesIds[0]}|${new Date(Math.floor(late / HOUR) * HOUR).toISOString()}`);
    expect(hour?.count).toBeGreaterThan(30);

    // Nothing holds the other project's whole minute any more: its rollups keep what they had.
    const after = await snapshot(shortRaw, at);
    for (const tier of TIERS) expect(changedKeys(before[tier], after[tier]), tier).toEqual([]);
  });
});

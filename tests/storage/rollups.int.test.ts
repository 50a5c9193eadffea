import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject } from "../fixtures";
import { isolateDatabase } from "../isolated-database";
import { insertEvents, insertPoints, insertSetMembers } from "../query-data";
import {
  DAY, HOUR, MINUTE, TIERS, changedKeys, expectSameRows, rawAggregates, refreshNow, rollupRows, seedProject, tierEnds,
  type Rows, type Scope, type Tier,
} from "./rollup-checks";

// refreshRollups in a database of this file's own: rolling the shared one up would turn other
// files' exact answers over recent data into rollup answers (percentiles within 1%). This
// file's project is checked, tier by tier, against aggregates computed from its raw rows.
// Both storage paths: Flux's rollup tables on plain PostgreSQL, continuous aggregates on TimescaleDB.

isolateDatabase("rollups");

let scope: Scope;
let now0: number;

async function snapshot(before: Record<Tier, number>): Promise<Record<Tier, Rows>> {
  const rows = await Promise.all(TIERS.map((tier) => rollupRows(scope, tier, before[tier])));
  return { "1m": rows[0], "1h": rows[1], "1d": rows[2] };
}

async function expectRollupsMatchRaw(at: number): Promise<void> {
  const ends = tierEnds(at);
  for (const tier of TIERS) expectSameRows(await rollupRows(scope, tier, ends[tier]), await rawAggregates(scope, tier, ends[tier]), tier);
}

beforeAll(async () => {
  const p = await createTestProject();
  now0 = Date.now();
  // 50 hours always hold one whole UTC day, so the 1d tier has a complete bucket to check.
  scope = await seedProject({ projectId: p.projectId, from: Math.floor((now0 - 50 * HOUR) / MINUTE) * MINUTE, to: now0 - 3 * MINUTE });
  expect(scope.seriesIds).toHaveLength(4);
}, 120_000);

describe("refreshRollups", () => {
  it("rolls points, sketches, sets, events and event users up at 1m, 1h and 1d to exactly the raw rows' aggregates", async () => {
    const at = Date.now();
    await refreshNow();
    await expectRollupsMatchRaw(at);
    const rows = await snapshot(tierEnds(at));
    for (const tier of TIERS) {
      const kinds = new Set([...rows[tier].keys()].map((k) => k.split("|")[0]));
      expect([...kinds].sort(), tier).toEqual(["event_users", "events", "points", "sets", "sketch"]);
    }
    // Every minute of the data is there; the whole day before the current one is in 1d.
    expect([...rows["1m"].keys()].filter((k) => k.startsWith(`points|${scope.seriesIds[0]}|`)).length).toBeGreaterThanOrEqual(50 * 60 - 5);
    const yesterday = new Date(Math.floor(now0 / DAY) * DAY - DAY).toISOString();
    expect(rows["1d"].get(`points|${scope.seriesIds[0]}|${yesterday}`)?.count).toBeGreaterThan(1900);
  });

  it("re-aggregates only the minute, hour and day that late rows touch, at every tier", async () => {
    await refreshNow();
    const ends = tierEnds(Date.now());
    const before = await snapshot(ends);
    // A minute in a complete day (30 hours back), far below the 1-minute watermark.
    const late = Math.floor((now0 - 30 * HOUR) / MINUTE) * MINUTE;
    await insertPoints({
      projectId: scope.projectId,
      name: "rollup.gauge",
      type: "gauge",
      points: [
        { time: late, value: -1e6, tags: { host: "a" } },
        { time: late + 59_999, value: 1e6, tags: { host: "a" } },
      ],
    });
    await insertPoints({ projectId: scope.projectId, name: "rollup.latency", type: "distribution", points: [{ time: late + 30_000, value: 123_456.789 }] });
    await insertSetMembers({ projectId: scope.projectId, name: "rollup.visitors", members: [{ time: late + 5_000, member: "late-visitor" }] });
    await insertEvents({ projectId: scope.projectId, events: [{ time: late + 2_000, name: "late.only", userId: "late-user", value: 7 }] });

    const at = Date.now();
    await refreshNow();
    const after = await snapshot(ends);
    const touched: Record<Tier, string> = {
      "1m": new Date(late).toISOString(),
      "1h": new Date(Math.floor(late / HOUR) * HOUR).toISOString(),
      "1d": new Date(Math.floor(late / DAY) * DAY).toISOString(),
    };
    for (const tier of TIERS) {
      const changed = changedKeys(before[tier], after[tier]);
      expect(changed.filter((k) => !k.endsWith(`|${touched[tier]}`)), `${tier}: rows outside the late bucket`).toEqual([]);
      const gauge = after[tier].get(`points|${scope.seriesIds[0]}|${touched[tier]}`)!;
      expect([gauge.min, gauge.max], tier).toEqual([-1e6, 1e6]);
      expect(changed, tier).toEqual(expect.arrayContaining([`points|${scope.seriesIds[0]}|${touched[tier]}`, `events|late.only|${touched[tier]}`]));
      expect(after[tier].get(`events|late.only|${touched[tier]}`), tier).toEqual({ count: 1, value_sum: 7, value_count: 1 });
    }
    // The minute's first and last points by time are the late ones (a tie at the minute's
    // first instant goes to the smaller value).
    const minute = after["1m"].get(`points|${scope.seriesIds[0]}|${touched["1m"]}`)!;
    expect([minute.first_pair, minute.last_pair]).toEqual([[late / 1000, -1e6], [(late + 59_999) / 1000, 1e6]]);
    await expectRollupsMatchRaw(at);
  });

  it("changes nothing when nothing new has arrived", async () => {
    await refreshNow();
    const ends = tierEnds(Date.now());
    const before = await snapshot(ends);
    await refreshNow();
    const after = await snapshot(ends);
    for (const tier of TIERS) expect(changedKeys(before[tier], after[tier]), tier).toEqual([]);
  });
});

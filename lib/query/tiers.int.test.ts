import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { isolateDatabase } from "@/tests/isolated-database";
import { BASE, close, HOUR, reference, scenarioOf, scenarioQuery, writeScenario, type Scenario } from "@/tests/query-reference";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import type { QueryResult } from "./model";
import { resolveWindow } from "./resolve-range";
import { runQuery } from "./run-query";

// The query-engine property test against rollup tiers: random data is rolled up to a random
// instant inside it, so windows straddle the rolled-up part and the raw tail; then late rows
// arrive below the watermark. Answers must match the in-memory reference exactly for counts,
// sums, extremes, averages and last values, within 1% for percentiles (of the bucket's largest
// magnitude) and 2% for unique counts. Its own database: watermarks are instance-wide.
isolateDatabase("tiers");

const DAY = 24 * HOUR;
// Dense enough that buckets merge many rollup rows, across series and tiers.
// Each run's data lies 52 weeks after the previous one's (same weekday, DST change nearby),
// so every run rolls up a fresh stretch of time.
const YEAR_OF_WEEKS = 364 * DAY;

let p: TestProject;
let run = 0;
const tiersUsed = new Map<string, number>();

beforeAll(async () => {
  p = await createTestProject();
});

function within(s: Scenario, actual: number | null, expected: number | null, scale: number): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (/^p\d\d$/.test(s.aggregation)) return Math.abs(actual - expected) <= 0.01 * scale + 1e-9;
  if (s.aggregation === "unique" || s.aggregation === "unique_users") return Math.abs(actual - expected) <= 0.02 * expected;
  return close(actual, expected);
}

async function check(s: Scenario, name: string, shift: number, now: number): Promise<string> {
  const query = scenarioQuery(s, name, shift);
  const result = (await runQuery({ ctx: p.ctx, input: query, now })) as QueryResult;
  const shifted = { ...s, data: s.data.map((d) => ({ ...d, t: d.t + shift })) };
  const expected = reference(shifted, resolveWindow({ range: query.range, interval: s.interval, timezone: s.timezone, now }));
  const actual = result.series.map((x) => ({ key: x.key, points: x.points.map((pt) => pt[1]), total: x.total }));
  const same =
    actual.length === expected.length &&
    actual.every(
      (a, i) =>
        a.key === expected[i].key &&
        within(s, a.total, expected[i].total, expected[i].totalScale) &&
        a.points.length === expected[i].points.length &&
        a.points.every((v, j) => within(s, v, expected[i].points[j], expected[i].scales[j])),
    );
  if (!same) expect({ tier: result.tier, query, actual }).toEqual({ tier: result.tier, query, actual: expected.map(({ key, points, total }) => ({ key, points, total })) });
  return result.tier;
}

describe("rollup tiers vs. in-memory reference", () => {
  it("agree on random data rolled up to a random instant, with a raw tail, late rows and DST days", async () => {
    const seed = Number(process.env.FLUX_PROPERTY_SEED ?? Date.now() % 100_000);
    await fc.assert(
      fc.asyncProperty(scenarioOf({ min: 20, max: 400 }), fc.integer({ min: 24 * HOUR, max: 80 * HOUR }), fc.integer({ min: 0, max: 60 * HOUR }), async (s, cut, lateAt) => {
        const shift = ++run * YEAR_OF_WEEKS;
        const name = `tiered_${s.kind}_${run}`;
        const now = BASE + shift + 80 * HOUR;
        await writeScenario({ projectId: p.projectId, name, s, shift });
        // Buckets that ended a minute before `now` are complete: roll up to the cut.
        await refreshRollups({ now: BASE + shift + cut + 60_000 });
        const tier = await check(s, name, shift, now);
        tiersUsed.set(tier, (tiersUsed.get(tier) ?? 0) + 1);

        // A late row below the watermark: visible at once (its minutes read raw), then rolled up.
        const late = { ...s.data[0] ?? { value: 7, member: "u1", tags: { host: "a" } }, t: BASE + lateAt };
        const withLate = { ...s, data: [...s.data, late] };
        await writeScenario({ projectId: p.projectId, name, s: { ...s, data: [late] }, shift });
        await check(withLate, name, shift, now);
        await refreshRollups({ now: BASE + shift + cut + 60_000 });
        await check(withLate, name, shift, now);
      }),
      { numRuns: 25, seed },
    );
    // The property is about tiers, so runs must have read one. Not all can: windows after the
    // cut, and event queries filtered or grouped by properties, are answered from raw rows; about
    // a quarter of random scenarios read a rollup, so a floor at that share failed now and then
    // (4 and 6 of 25 in CI) without anything being wrong. None at all would mean the property
    // stopped testing tiers (0.75^25 < 0.1% by chance).
    const rolledUp = (tiersUsed.get("1m") ?? 0) + (tiersUsed.get("1h") ?? 0) + (tiersUsed.get("1d") ?? 0);
    expect(rolledUp, `seed ${seed}: ${JSON.stringify(Object.fromEntries(tiersUsed))}`).toBeGreaterThan(0);
  }, 600_000);
});

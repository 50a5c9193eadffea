import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import { compressOldData } from "@/lib/storage/compression/compress-old-data";
import { refreshRollups } from "@/lib/storage/rollups/refresh-rollups";
import { createTestProject } from "../fixtures";
import { isolateDatabase } from "../isolated-database";
import { insertEvents, insertPoints, insertSetMembers } from "../query-data";
import {
  DAY, HOUR, MINUTE, TIERS, effectiveWatermarks, expectSameRows, rawAggregates, refreshNow, rewrittenKeys, rollupRows, rowVersions, seedProject,
  tierEnds, type Scope, type Tier,
} from "./rollup-checks";

// Watermarks and rewrites are instance-wide, so this file has a database of its own: nothing
// but its own refreshes and rows moves them. Both storage paths.
isolateDatabase("rollups");

let scope: Scope;
let now0: number;

async function versions(at: number): Promise<Record<Tier, Map<string, string>>> {
  const ends = tierEnds(at);
  const all = await Promise.all(TIERS.map((tier) => rowVersions(scope, tier, ends[tier])));
  return { "1m": all[0], "1h": all[1], "1d": all[2] };
}

beforeAll(async () => {
  const p = await createTestProject();
  now0 = Date.now();
  scope = await seedProject({ projectId: p.projectId, from: Math.floor((now0 - 50 * HOUR) / MINUTE) * MINUTE, to: now0 - 3 * MINUTE });
}, 120_000);

describe("refreshRollups on a database of its own", () => {
  it("rolls a first refresh up from the oldest raw row, and a refresh with nothing new rewrites no row", async () => {
    const before = await effectiveWatermarks();
    expect(before["1m"]).toBeLessThan(now0 - 50 * HOUR);
    const at = Date.now();
    const first = await refreshNow();
    if (first.postgres) {
      // 50 hours of rows: several bounded transactions, not one.
      expect(first.postgres.slices["1m"]).toBeGreaterThan(3);
      expect(first.postgres.slices["1h"]).toBeGreaterThan(1);
    }
    const ends = tierEnds(at);
    for (const tier of TIERS) expectSameRows(await rollupRows(scope, tier, ends[tier]), await rawAggregates(scope, tier, ends[tier]), tier);

    const v1 = await versions(at);
    const second = await refreshNow();
    const v2 = await versions(at);
    for (const tier of TIERS) expect(rewrittenKeys(v1[tier], v2[tier]), tier).toEqual([]);
    if (second.postgres) {
      expect(second.postgres.late).toEqual({ minutes: 0, hours: 0, days: 0 });
      const [{ pending }] = await sql()<{ pending: number }[]>`SELECT count(*)::int AS pending FROM rollup_invalidations`;
      expect(pending).toBe(0);
    }
  });

  it("lowers the effective watermarks below a pending late row, and raises them when a refresh has rewritten only its buckets", async () => {
    await refreshNow();
    const at = Date.now();
    const late = Math.floor((now0 - 30 * HOUR) / MINUTE) * MINUTE + 17_000;
    const [minute, hour, day] = [Math.floor(late / MINUTE) * MINUTE, Math.floor(late / HOUR) * HOUR, Math.floor(late / DAY) * DAY];
    const before = await effectiveWatermarks();
    expect([before["1m"] > minute, before["1h"] > hour, before["1d"] > day]).toEqual([true, true, true]);
    const v1 = await versions(at);

    await insertPoints({ projectId: scope.projectId, name: "rollup.gauge", type: "gauge", points: [{ time: late, value: 4242, tags: { host: "b" } }] });
    const pending = await effectiveWatermarks();
    expect(pending["1m"]).toBeLessThanOrEqual(late);
    expect(pending["1h"]).toBeLessThanOrEqual(hour);
    expect(pending["1d"]).toBeLessThanOrEqual(day);

    await refreshNow();
    const after = await effectiveWatermarks();
    expect(after["1m"]).toBeGreaterThanOrEqual(minute + MINUTE);
    expect(after["1h"]).toBeGreaterThanOrEqual(hour + HOUR);
    expect(after["1d"]).toBeGreaterThanOrEqual(day + DAY);
    const v2 = await versions(at);
    const touched: Record<Tier, number> = { "1m": minute, "1h": hour, "1d": day };
    for (const tier of TIERS) {
      const rewritten = rewrittenKeys(v1[tier], v2[tier]);
      const suffix = `|${new Date(touched[tier]).toISOString()}`;
      expect(rewritten.filter((k) => !k.endsWith(suffix)), `${tier}: rewritten outside the late bucket`).toEqual([]);
      expect(rewritten, tier).toContain(`points|${scope.seriesIds[1]}${suffix}`);
    }
    const ends = tierEnds(at);
    for (const tier of TIERS) expectSameRows(await rollupRows(scope, tier, ends[tier]), await rawAggregates(scope, tier, ends[tier]), tier);
  });

  it("re-aggregates late rows that land in a compressed day from the compressed rows and the new ones", async () => {
    await refreshNow();
    // Compression as it will be a week from now: every day of the data is compressed.
    const compressed = await compressOldData({ now: Date.now() + 8 * DAY });
    expect(compressed.status).toBe("compressed");
    const late = Math.floor((now0 - 40 * HOUR) / MINUTE) * MINUTE + 29_000;
    await insertPoints({ projectId: scope.projectId, name: "rollup.latency", type: "distribution", points: [{ time: late, value: 0.5 }] });
    await insertSetMembers({ projectId: scope.projectId, name: "rollup.visitors", members: [{ time: late, member: "compressed-day-visitor" }] });
    await insertEvents({ projectId: scope.projectId, events: [{ time: late, name: "purchase", userId: "compressed-day-user", value: 3 }] });
    const at = Date.now();
    await refreshNow();
    const ends = tierEnds(at);
    for (const tier of TIERS) expectSameRows(await rollupRows(scope, tier, ends[tier]), await rawAggregates(scope, tier, ends[tier]), tier);
    const hour = new Date(Math.floor(late / HOUR) * HOUR).toISOString();
    expect((await rollupRows(scope, "1h", ends["1h"])).get(`events|purchase|${hour}`)?.count).toBeGreaterThan(40);
  });

  it("runs one refresh at a time: a call while another holds the lock is skipped", async () => {
    const held = await withTryAdvisoryLock(sql(), "rollups", async () => (await refreshRollups()).status);
    expect(held).toBe("skipped");

    // Late rows on three days keep the first call busy for several transactions.
    const late = [1, 2, 3].map((d) => Math.floor((now0 - d * 14 * HOUR) / MINUTE) * MINUTE + 5_000);
    await insertEvents({ projectId: scope.projectId, events: late.map((time) => ({ time, name: "signup", userId: "late-user" })) });
    const both = await Promise.all([refreshRollups(), refreshRollups()]);
    expect(both.map((s) => s.status).sort()).toEqual(["refreshed", "skipped"]);
  });
});

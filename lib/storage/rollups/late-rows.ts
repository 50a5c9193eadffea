import type postgres from "postgres";
import type { RawTable } from "@/lib/storage/raw-relation";
import { coverageRelation, loadCoverage, type ProjectCoverage } from "./coverage";
import { inTransaction } from "./reserved-session";
import { deleteBuckets, kindsOf, Params, RAW_TABLES, selectFromRaw, selectFromRollup, TIER_MS, upsert, type RollupKind, type Tier } from "./rollup-sql";
import { DAY, HOUR, ensureRollupPartitions, floorTo, pendingOf, readWatermarks } from "./plain-state";

export interface LateFix {
  minutes: number;
  hours: number;
  days: number;
}

/** A source a bucket is re-aggregated from, for the projects whose `from` column admits it. */
interface Source {
  tier: Tier | "raw";
  from: string;
  before?: string;
}

// Per target tier: the sources in order of preference (a finer tier where it still holds the
// whole bucket for that project, else raw rows), and which projects' rows are redone at all.
const PLAN: Record<Tier, { sources: Source[]; redoFrom: string }> = {
  "1m": { sources: [{ tier: "raw", from: "raw_from" }], redoFrom: "raw_from" },
  "1h": { sources: [{ tier: "1m", from: "m1_from" }, { tier: "raw", from: "raw_from", before: "m1_from" }], redoFrom: "m1_or_raw_from" },
  "1d": { sources: [{ tier: "1h", from: "h1_from" }, { tier: "raw", from: "raw_from", before: "h1_from" }], redoFrom: "h1_or_raw_from" },
};

/**
 * Re-aggregates the minutes that late rows touched ('pending:<table>' records, claimed by the
 * refresh), one raw table and UTC day per transaction: those minutes' 1m rows from raw rows,
 * then the hours and days that contain them where 1h and 1d are already rolled up. Nothing
 * else is redone. The records are deleted in the transaction that fixes them.
 */
export async function fixLateRows(conn: postgres.ReservedSql, options: { now: number }): Promise<LateFix> {
  const done: LateFix = { minutes: 0, hours: 0, days: 0 };
  const groups = await conn<{ source: string; day: number }[]>`
    SELECT source, (extract(epoch FROM date_trunc('day', bucket, 'UTC')) * 1000)::float8 AS day
    FROM rollup_invalidations WHERE source = ANY(${RAW_TABLES.map(pendingOf)}::text[]) GROUP BY 1, 2 ORDER BY 2, 1`;
  if (groups.length === 0) return done;
  const coverage = await loadCoverage(conn, options.now);
  const marks = await readWatermarks(conn);
  for (const { source, day } of groups) {
    const kinds = kindsOf(source.slice("pending:".length) as RawTable);
    await ensureRollupPartitions(conn, { tier: "1m", from: day, to: day + DAY, kinds });
    await ensureRollupPartitions(conn, { tier: "1h", from: day, to: day + DAY, kinds });
    await inTransaction(conn, async () => {
      const taken = await conn<{ ms: number }[]>`
        DELETE FROM rollup_invalidations WHERE source = ${source}
          AND bucket >= to_timestamp(${day / 1000}::float8) AND bucket < to_timestamp(${(day + DAY) / 1000}::float8)
        RETURNING (extract(epoch FROM bucket) * 1000)::float8 AS ms`;
      const minutes = taken.map((r) => r.ms);
      const hours = unique(minutes.map((m) => floorTo(m, HOUR))).filter((h) => h < marks["1h"]);
      const days = unique(minutes.map((m) => floorTo(m, DAY))).filter((d) => d < marks["1d"]);
      for (const kind of kinds) {
        await redo(conn, { kind, tier: "1m", buckets: minutes, coverage });
        await redo(conn, { kind, tier: "1h", buckets: hours, coverage });
        await redo(conn, { kind, tier: "1d", buckets: days, coverage });
      }
      done.minutes += minutes.length;
      done.hours += hours.length;
      done.days += days.length;
    }, { aggregating: true });
  }
  return done;
}

/** Deletes the buckets' rows and aggregates them again from the plan's sources. */
async function redo(conn: postgres.ReservedSql, options: { kind: RollupKind; tier: Tier; buckets: number[]; coverage: ProjectCoverage }): Promise<void> {
  const { kind, tier, buckets, coverage } = options;
  if (buckets.length === 0) return;
  const plan = PLAN[tier];
  const list = (p: Params) => p.times(buckets);
  const del = new Params();
  const buckets$ = list(del);
  await conn.unsafe(deleteBuckets({ kind, tier, buckets: buckets$, coverage: { relation: coverageRelation(coverage, del), from: plan.redoFrom } }), del.values as never[]);
  const from = Math.min(...buckets);
  const to = Math.max(...buckets) + TIER_MS[tier];
  for (const source of plan.sources) {
    const p = new Params();
    const range = { from: p.time(from), to: p.time(to), only: list(p) };
    const cover = { relation: coverageRelation(coverage, p), from: source.from, before: source.before };
    const select =
      source.tier === "raw"
        ? selectFromRaw({ kind, tier, range, coverage: cover })
        : selectFromRollup({ kind, tier, source: source.tier, range, coverage: cover });
    await conn.unsafe(upsert(kind, tier, select), p.values as never[]);
  }
}

const unique = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

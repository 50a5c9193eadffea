import type postgres from "postgres";
import { inTransaction, waitForRawWriters } from "./reserved-session";
import { KINDS, Params, selectFromRaw, selectFromRollup, upsert, type Tier } from "./rollup-sql";
import { fixLateRows, type LateFix } from "./late-rows";
import {
  DAY, HOUR, MINUTE, SLICES, ensureRollupPartitions, firstRow, floorTo, iso, inSlices, readSliceStart, readWatermarks, setWatermark,
} from "./plain-state";

export interface PlainRefresh {
  /** Transactions that rolled up a new range, per tier. */
  slices: Record<Tier, number>;
  late: LateFix;
  /** Whether every raw-table writer seen at the claim had ended within the wait. */
  writersSettled: boolean;
}

/**
 * Keeps Flux's own rollup tables current (plain PostgreSQL): claims what is new, then rolls
 * up 1m from raw rows in bounded slices, re-aggregates the buckets late rows touched, and
 * rolls 1h up from 1m and 1d from 1h. Runs on the connection that holds the `rollups` lock.
 */
export async function refreshPlain(conn: postgres.ReservedSql, options: { now: number; lagMs: number }): Promise<PlainRefresh> {
  const target = floorTo(options.now - options.lagMs, MINUTE);
  await claim(conn, target);
  // Inserts that read the old watermark wrote no late-row record; wait until they are visible.
  const writersSettled = await waitForRawWriters(conn);
  const slices = { "1m": await rollUpRaw(conn), "1h": 0, "1d": 0 };
  const late = await fixLateRows(conn, { now: options.now });
  const sliceStart = await readSliceStart(conn);
  const marks = await readWatermarks(conn);
  slices["1h"] = await rollUpTier(conn, { tier: "1h", source: "1m", to: floorTo(Math.min(marks["1m"], sliceStart ?? Infinity), HOUR) });
  slices["1d"] = await rollUpTier(conn, { tier: "1d", source: "1h", to: floorTo((await readWatermarks(conn))["1h"], DAY) });
  return { slices, late, writersSettled };
}

/**
 * One short transaction: takes the trigger's late-minute records (as 'pending:<table>', so
 * the effective watermark stays below them until they are redone) and moves the 1-minute
 * watermark to `target`, leaving 'pending:slices' at the start of the range to roll up.
 * From its commit on, inserts below `target` record their minutes themselves.
 */
async function claim(conn: postgres.ReservedSql, target: number): Promise<void> {
  await inTransaction(conn, async () => {
    const marks = await readWatermarks(conn, { forUpdate: true });
    await conn`
      WITH taken AS (DELETE FROM rollup_invalidations WHERE source IN ('points', 'set_points', 'events') RETURNING source, bucket)
      INSERT INTO rollup_invalidations (source, bucket) SELECT 'pending:' || source, bucket FROM taken ON CONFLICT DO NOTHING`;
    if (!(marks["1m"] < target)) return;
    let start = marks["1m"];
    if (start === -Infinity) {
      start = floorTo((await firstRow(conn, "raw", -Infinity, target)) ?? target, MINUTE);
      // Nothing is older than the oldest row: every coarser bucket before it is complete too.
      for (const [tier, unit] of [["1h", HOUR], ["1d", DAY]] as const) {
        if (marks[tier] === -Infinity) await setWatermark(conn, tier, floorTo(start, unit));
      }
    }
    if (start < target) {
      await conn`
        INSERT INTO rollup_invalidations (source, bucket) SELECT ${SLICES}, ${iso(start)}::timestamptz
        WHERE NOT EXISTS (SELECT 1 FROM rollup_invalidations WHERE source = ${SLICES})`;
    }
    await setWatermark(conn, "1m", target);
  });
}

/** 1m rows from raw rows over ['pending:slices', 1m watermark), one slice per transaction. */
async function rollUpRaw(conn: postgres.ReservedSql): Promise<number> {
  const from = await readSliceStart(conn);
  if (from === null) return 0;
  const to = (await readWatermarks(conn))["1m"];
  const moveStart = (at: number) =>
    at >= to ? conn`DELETE FROM rollup_invalidations WHERE source = ${SLICES}` : conn`UPDATE rollup_invalidations SET bucket = ${iso(at)}::timestamptz WHERE source = ${SLICES}`;
  return inSlices({
    conn,
    source: "raw",
    from,
    to,
    align: MINUTE,
    initial: 15 * MINUTE,
    max: 6 * HOUR,
    skipTo: async (at) => void (await moveStart(at)),
    work: async (start, end) => {
      await ensureRollupPartitions(conn, { tier: "1m", from: start, to: end });
      await inTransaction(conn, async () => {
        for (const kind of KINDS) {
          const p = new Params();
          await conn.unsafe(upsert(kind, "1m", selectFromRaw({ kind, tier: "1m", range: { from: p.time(start), to: p.time(end) } })), p.values as never[]);
        }
        await moveStart(end);
      }, { aggregating: true });
    },
  });
}

/** A coarser tier from the finer one, from its watermark up to `to`, advancing it per slice. */
async function rollUpTier(conn: postgres.ReservedSql, options: { tier: "1h" | "1d"; source: "1m" | "1h"; to: number }): Promise<number> {
  const { tier, source, to } = options;
  const unit = tier === "1h" ? HOUR : DAY;
  let from = (await readWatermarks(conn))[tier];
  if (from === -Infinity && Number.isFinite(to)) {
    from = floorTo((await firstRow(conn, source, -Infinity, to)) ?? to, unit);
    if (from >= to) await setWatermark(conn, tier, to);
  }
  if (!(from < to)) return 0;
  return inSlices({
    conn,
    source,
    from,
    to,
    align: unit,
    skipTo: (at) => setWatermark(conn, tier, at),
    initial: tier === "1h" ? 6 * HOUR : 7 * DAY,
    max: tier === "1h" ? 2 * DAY : 62 * DAY,
    work: async (start, end) => {
      await ensureRollupPartitions(conn, { tier, from: start, to: end });
      await inTransaction(conn, async () => {
        for (const kind of KINDS) {
          const p = new Params();
          const select = selectFromRollup({ kind, tier, source, range: { from: p.time(start), to: p.time(end) } });
          await conn.unsafe(upsert(kind, tier, select), p.values as never[]);
        }
        await setWatermark(conn, tier, end);
      }, { aggregating: true });
    },
  });
}

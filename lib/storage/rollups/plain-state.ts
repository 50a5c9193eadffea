import type postgres from "postgres";
import { rawRelation } from "@/lib/storage/raw-relation";
import { KINDS, RAW_TABLES, tableOf, type RollupKind, type Tier } from "./rollup-sql";

// The bookkeeping of the plain-PostgreSQL rollups: rollup_watermarks (every bucket of a tier
// before it is rolled up) and rollup_invalidations, which holds, besides the minutes the
// late-row trigger records under the raw table's name, the refresh's own claims:
//   'pending:<raw table>'  minutes taken from the trigger's records, being re-aggregated
//   'pending:slices'       the start of the range below the 1-minute watermark not yet rolled up
// flux_rollup_watermarks() lowers each tier's watermark to the oldest of all of them.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const SLICES = "pending:slices";
export const pendingOf = (table: string) => `pending:${table}`;

export type Marks = Record<Tier, number>;

export const floorTo = (ms: number, unit: number) => (Number.isFinite(ms) ? Math.floor(ms / unit) * unit : ms);
export const iso = (ms: number) => (ms === -Infinity ? "-infinity" : ms === Infinity ? "infinity" : new Date(ms).toISOString());

/** The stored watermarks in epoch ms (-Infinity before the first refresh). */
export async function readWatermarks(conn: postgres.Sql, options: { forUpdate?: boolean } = {}): Promise<Marks> {
  const rows = await conn.unsafe<{ tier: Tier; ms: number }[]>(
    `SELECT tier, (extract(epoch FROM watermark) * 1000)::float8 AS ms FROM rollup_watermarks${options.forUpdate ? " FOR UPDATE" : ""}`,
  );
  const marks: Marks = { "1m": -Infinity, "1h": -Infinity, "1d": -Infinity };
  for (const row of rows) marks[row.tier] = row.ms;
  return marks;
}

export async function setWatermark(conn: postgres.Sql, tier: Tier, ms: number): Promise<void> {
  await conn`UPDATE rollup_watermarks SET watermark = ${iso(ms)}::timestamptz WHERE tier = ${tier}`;
}

/** Where the range still to roll up from raw rows starts, or null when there is none. */
export async function readSliceStart(conn: postgres.Sql): Promise<number | null> {
  const [row] = await conn<{ ms: number }[]>`
    SELECT (extract(epoch FROM bucket) * 1000)::float8 AS ms FROM rollup_invalidations WHERE source = ${SLICES}`;
  return row ? row.ms : null;
}

/**
 * Creates the rollup partitions for [from, to) (daily for 1m, monthly for 1h; 1d tables are
 * not partitioned). Runs on its own, outside the slice's transaction, so the DDL's locks on
 * the parent tables are not held while the slice aggregates.
 */
export async function ensureRollupPartitions(conn: postgres.Sql, options: { tier: Tier; from: number; to: number; kinds?: RollupKind[] }): Promise<void> {
  if (options.tier === "1d" || !(options.from < options.to)) return;
  const tables = (options.kinds ?? KINDS).map((kind) => tableOf(kind, options.tier));
  await conn`SELECT flux_ensure_partitions(t, ${iso(options.from)}::timestamptz, ${iso(options.to - 1)}::timestamptz) FROM unnest(${tables}::text[]) t`;
}

/**
 * Runs `work` over [from, to) in consecutive slices aligned to `align`: a slice that took
 * under a second doubles the next one (up to `max`), one over five seconds halves it, so a
 * 30-day backfill is many bounded transactions and a one-minute catch-up is one. A stretch
 * without rows is jumped over (`skipTo`) instead of being sliced, partitions and all.
 */
export async function inSlices(options: {
  from: number;
  to: number;
  align: number;
  initial: number;
  max: number;
  source: SliceSource;
  conn: postgres.Sql;
  skipTo: (at: number) => Promise<void>;
  work: (from: number, to: number) => Promise<void>;
}): Promise<number> {
  const { conn, source, to, align } = options;
  let width = options.initial;
  let slices = 0;
  for (let start = options.from; start < to; ) {
    let end = Math.min(to, floorTo(start + width, align));
    if (end <= start) end = Math.min(to, start + align);
    if (!(await hasRows(conn, source, start, end))) {
      const next = await firstRow(conn, source, end, to);
      start = next === null ? to : Math.max(end, floorTo(next, align));
      await options.skipTo(start);
      continue;
    }
    const began = performance.now();
    await options.work(start, end);
    const took = performance.now() - began;
    if (took < 1000) width = Math.min(options.max, width * 2);
    else if (took > 5000) width = Math.max(align, width / 2);
    start = end;
    slices++;
  }
  return slices;
}

/** What a tier is rolled up from: raw rows, or a finer tier's rows. */
export type SliceSource = "raw" | Tier;

function sourceParts(source: SliceSource, from: string, to: string): string[] {
  if (source === "raw") return RAW_TABLES.map((table) => `SELECT r.time AS t FROM ${rawRelation({ table, from, to })} r WHERE r.time >= ${from} AND r.time < ${to}`);
  return KINDS.map((kind) => `SELECT r.bucket AS t FROM ${tableOf(kind, source)} r WHERE r.bucket >= ${from} AND r.bucket < ${to}`);
}

async function hasRows(conn: postgres.Sql, source: SliceSource, from: number, to: number): Promise<boolean> {
  const parts = sourceParts(source, "to_timestamp($1::float8 / 1000)", "to_timestamp($2::float8 / 1000)");
  const [row] = await conn.unsafe<{ found: boolean }[]>(`SELECT ${parts.map((q) => `EXISTS (${q})`).join(" OR ")} AS found`, [from, to]);
  return row.found;
}

/** The time of the first row of `source` in [from, to), or null when there is none. */
export async function firstRow(conn: postgres.Sql, source: SliceSource, from: number, to: number): Promise<number | null> {
  const parts = sourceParts(source, "to_timestamp($1::float8 / 1000)", "to_timestamp($2::float8 / 1000)");
  const [row] = await conn.unsafe<{ ms: number | null }[]>(
    `SELECT (extract(epoch FROM min(t)) * 1000)::float8 AS ms FROM (${parts.map((q) => `SELECT min(t) AS t FROM (${q}) q`).join(" UNION ALL ")}) x`,
    [from, to],
  );
  return row?.ms ?? null;
}

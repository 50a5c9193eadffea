import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import type { RawTable } from "@/lib/storage/raw-relation";

// Plain PostgreSQL's compression: a closed day partition of a raw table is packed into
// <table>_packed by flux_pack_day() (the compression migration), which also merges rows that
// arrived late into a day packed before. The emptied partition is kept, so late rows can
// still be inserted (there is no default partition), and its space is given back.

export const RAW_TABLES: readonly RawTable[] = ["points", "set_points", "events"];

export interface PackedDay {
  table: RawTable;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** Raw rows moved into packed rows (0: the partition was empty or missing). */
  moved: number;
  /** Packed rows written, including the rows of late data re-packed with what it joined. */
  packedRows: number;
}

// Maintenance commands wait at most this long for a lock: a late insert into the partition
// queues behind the waiting command, so ingest is never held up longer. What could not be
// done is retried by the next run.
const LOCK_TIMEOUT_MS = 1_000;
const RECLAIM_TRIES = 3;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The raw day partition of `table` holding `day` (YYYY-MM-DD), and its packed counterpart. */
export const partitionOf = (table: RawTable, day: string) => `${table}_p${day.replaceAll("-", "")}`;
export const packedPartitionOf = (table: RawTable, day: string) => `${table}_packed_p${day.replaceAll("-", "")}`;

/**
 * Packs the given UTC days (YYYY-MM-DD) of the raw tables, each day and table in a
 * transaction of its own. A compression run in progress elsewhere is waited for (the
 * `compression` advisory lock), so two never pack the same day at once. Plain PostgreSQL only.
 */
export async function packDays(options: { days: string[]; tables?: readonly RawTable[]; conn?: postgres.ReservedSql }): Promise<PackedDay[]> {
  for (const day of options.days) if (!DAY.test(day)) throw new Error(`packDays: ${day} is not a YYYY-MM-DD day`);
  const conn = options.conn ?? (await sql().reserve());
  try {
    const packed: PackedDay[] = [];
    for (const day of options.days) {
      for (const table of options.tables ?? RAW_TABLES) {
        const result = await packDay(conn, table, day);
        packed.push(result);
        if (result.moved > 0) await reclaim(conn, table, day);
      }
    }
    return packed;
  } finally {
    if (!options.conn) conn.release();
  }
}

async function packDay(conn: postgres.ReservedSql, table: RawTable, day: string): Promise<PackedDay> {
  await conn`BEGIN`;
  try {
    await conn`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.compression})`;
    const [row] = await conn<{ moved: string; packed_rows: string }[]>`SELECT moved, packed_rows FROM flux_pack_day(${table}, ${day}::date)`;
    await conn`COMMIT`;
    return { table, day, moved: Number(row.moved), packedRows: Number(row.packed_rows) };
  } catch (error) {
    await conn`ROLLBACK`.catch(() => {});
    throw error;
  }
}

/**
 * Gives an emptied raw partition's space back: VACUUM truncates its heap, and its indexes,
 * which VACUUM never shrinks, are rebuilt – an instant on an empty table (not CONCURRENTLY,
 * which would leave an invalid index behind if it gave up on a lock). The packed partition is
 * analyzed for the planner. A lock not granted in time leaves this to the next run
 * (compressOldData looks for emptied partitions whose indexes still hold pages).
 */
export async function reclaim(conn: postgres.ReservedSql, table: RawTable, day: string): Promise<void> {
  await conn.unsafe(`SET lock_timeout = ${LOCK_TIMEOUT_MS}`);
  try {
    const raw = partitionOf(table, day);
    // VACUUM cannot remove the rows packing deleted while an older snapshot may still see them
    // (an ANALYZE by autovacuum, a long query), and REINDEX would index them again: a few tries.
    for (let attempt = 1; ; attempt++) {
      await conn.unsafe(`VACUUM ${quoteIdent(raw)}`);
      const [{ left }] = await conn.unsafe<{ left: boolean }[]>(`SELECT pg_relation_size($1::regclass) > 0 AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(raw)}) AS left`, [raw]);
      if (!left || attempt === RECLAIM_TRIES) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await conn.unsafe(`REINDEX TABLE ${quoteIdent(raw)}`);
    const [{ exists }] = await conn<{ exists: boolean }[]>`SELECT to_regclass(${packedPartitionOf(table, day)}) IS NOT NULL AS exists`;
    if (exists) await conn.unsafe(`ANALYZE ${quoteIdent(packedPartitionOf(table, day))}`);
  } finally {
    await conn.unsafe("RESET lock_timeout");
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

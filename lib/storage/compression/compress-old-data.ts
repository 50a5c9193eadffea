import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import type { RawTable } from "@/lib/storage/raw-relation";
import { compressionAgeDays, compressionCutoff, storagePathOf, type StoragePath } from "./compression-age";
import { compressTimescale, type TimescaleCompression } from "./compress-timescale";
import { packDays, RAW_TABLES, reclaim } from "./pack-days";

const DAY_MS = 86_400_000;
// An index of an empty partition takes a few pages (a B-tree one, a BRIN three); an emptied
// partition whose indexes still hold more was not rebuilt yet.
const EMPTY_INDEX_BYTES = 8 * 8192;

export interface PlainCompression {
  /** Day partitions packed by this run (table and UTC day), late rows included. */
  packed: { table: RawTable; day: string; moved: number; packedRows: number }[];
  /** Emptied partitions whose space an earlier run could not give back, done now. */
  reclaimed: { table: RawTable; day: string }[];
}

export type CompressionSummary =
  | { status: "skipped"; ms: number }
  | {
      status: "compressed";
      path: StoragePath;
      /** The age in force: the longest compressAfterDays of any project. */
      compressAfterDays: number;
      /** Raw rows before this instant (ISO) are past the age; whole chunks/partitions before it are compressed. */
      cutoff: string;
      postgres?: PlainCompression;
      timescaledb?: TimescaleCompression;
      ms: number;
    };

/**
 * Compresses raw rows older than the longest compressAfterDays of any project, on either
 * storage path: with TimescaleDB, keeps the compression policies' age and compresses the
 * chunks already past it; without, packs each closed day partition past it (and the rows that
 * arrived late into days packed before) into the packed tables. One instance at a time
 * (advisory lock `compression`); another instance's call returns "skipped". Safe to run at
 * any time: what is compressed is not compressed again.
 */
export async function compressOldData(options: { now?: number } = {}): Promise<CompressionSummary> {
  const began = performance.now();
  const ms = () => Math.round(performance.now() - began);
  const now = options.now ?? Date.now();
  const result = await withTryAdvisoryLock(sql(), "compression", async (conn) => {
    const path = await storagePathOf(conn);
    const compressAfterDays = await compressionAgeDays(conn);
    const cutoff = compressionCutoff(now, compressAfterDays);
    const detail =
      path === "timescaledb"
        ? { timescaledb: await compressTimescale(conn, { ageDays: compressAfterDays, cutoff: new Date(cutoff) }) }
        : { postgres: await compressPlain(conn, cutoff) };
    return { path, compressAfterDays, cutoff: new Date(cutoff).toISOString(), ...detail };
  });
  if (result === null) return { status: "skipped", ms: ms() };
  return { status: "compressed", ...result, ms: ms() };
}

/** Packs every closed day partition that ends at or before `cutoff` and still holds raw rows. */
async function compressPlain(conn: postgres.ReservedSql, cutoff: number): Promise<PlainCompression> {
  const summary: PlainCompression = { packed: [], reclaimed: [] };
  for (const table of RAW_TABLES) {
    for (const part of await dayPartitions(conn, table)) {
      if (Date.parse(`${part.day}T00:00:00Z`) + DAY_MS > cutoff) continue;
      if (part.heapBytes > 0) {
        const [packed] = await packDays({ conn, days: [part.day], tables: [table] });
        if (packed.moved > 0) summary.packed.push(packed);
        else await reclaim(conn, table, part.day);
      } else if (part.indexBytes > part.indexes * EMPTY_INDEX_BYTES) {
        // Emptied before, but its indexes were not rebuilt (a lock was not granted in time).
        await reclaim(conn, table, part.day);
        summary.reclaimed.push({ table, day: part.day });
      }
    }
  }
  return summary;
}

/** The raw table's day partitions (`<table>_pYYYYMMDD`), with the bytes of their heap and indexes. */
async function dayPartitions(conn: postgres.ReservedSql, table: RawTable) {
  const rows = await conn<{ day: string; heapBytes: string; indexBytes: string; indexes: number }[]>`
    SELECT to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day, pg_relation_size(c.oid) AS "heapBytes",
      pg_indexes_size(c.oid) AS "indexBytes", (SELECT count(*)::int FROM pg_index x WHERE x.indrelid = c.oid) AS indexes
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = ${table}::regclass AND c.relname ~ ${`^${table}_p[0-9]{8}$`}
    ORDER BY c.relname`;
  return rows.map((r) => ({ day: r.day, heapBytes: Number(r.heapBytes), indexBytes: Number(r.indexBytes), indexes: r.indexes }));
}

import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { rawRelation, type RawTable } from "@/lib/storage/raw-relation";
import { storagePathOf, type StoragePath } from "./compression-age";

export interface StorageBytes {
  path: StoragePath;
  table: RawTable;
  /** [from, to) as asked (ISO); whole partitions/chunks overlapping it are measured. */
  from: string;
  to: string;
  /** Rows of the table with time in [from, to), wherever they are stored. */
  rows: number;
  /** pg_total_relation_size (heap, indexes, TOAST) of every partition or chunk overlapping the range. */
  bytes: number;
  /** Of which raw day partitions (plain) or chunks as such (TimescaleDB: their uncompressed rows). */
  rawBytes: number;
  /** Of which packed day partitions (plain) or the chunks' compressed tables (TimescaleDB). */
  compressedBytes: number;
  bytesPerRow: number;
}

/**
 * What a raw table's rows in [from, to) take on disk, compressed or not, on either storage
 * path: for benchmarks and tests, run before and after compressing. The range should be whole
 * UTC days (partitions and chunks are days), with no other data in them.
 */
export async function measureStorageBytes(options: { table: RawTable; from: Date; to: Date; conn?: postgres.Sql }): Promise<StorageBytes> {
  const conn = options.conn ?? sql();
  const { table, from, to } = options;
  const path = await storagePathOf(conn);
  const [{ rows }] = await conn.unsafe<{ rows: string }[]>(
    `SELECT count(*) AS rows FROM ${rawRelation({ table, from: "$1::timestamptz", to: "$2::timestamptz" })}`,
    [from.toISOString(), to.toISOString()],
  );
  const [sizes] =
    path === "timescaledb"
      ? await conn<{ raw: string; compressed: string }[]>`
          SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', c.schema_name, c.table_name)::regclass)), 0) AS raw,
            coalesce(sum(CASE WHEN z.id IS NOT NULL THEN pg_total_relation_size(format('%I.%I', z.schema_name, z.table_name)::regclass) END), 0) AS compressed
          FROM timescaledb_information.chunks ch
          JOIN _timescaledb_catalog.chunk c ON c.schema_name = ch.chunk_schema AND c.table_name = ch.chunk_name
          LEFT JOIN _timescaledb_catalog.chunk z ON z.id = c.compressed_chunk_id
          WHERE ch.hypertable_schema = 'public' AND ch.hypertable_name = ${table} AND ch.range_end > ${from.toISOString()}::timestamptz AND ch.range_start < ${to.toISOString()}::timestamptz`
      : await conn<{ raw: string; compressed: string }[]>`
          SELECT coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE i.inhparent = ${table}::regclass), 0) AS raw,
            coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE i.inhparent = ${`${table}_packed`}::regclass), 0) AS compressed
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid,
            LATERAL (SELECT CASE WHEN c.relname ~ '_p[0-9]{8}$' THEN to_date(right(c.relname, 8), 'YYYYMMDD') END AS day) d
          WHERE i.inhparent IN (${table}::regclass, ${`${table}_packed`}::regclass)
            AND d.day + 1 > (${from.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND d.day < (${to.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const rawBytes = Number(sizes.raw);
  const compressedBytes = Number(sizes.compressed);
  const count = Number(rows);
  return {
    path, table, from: from.toISOString(), to: to.toISOString(), rows: count,
    bytes: rawBytes + compressedBytes, rawBytes, compressedBytes, bytesPerRow: count > 0 ? (rawBytes + compressedBytes) / count : 0,
  };
}

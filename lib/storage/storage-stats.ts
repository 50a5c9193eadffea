import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { withQueryTransaction } from "@/lib/query/run-query";
import { rawRelation } from "@/lib/storage/raw-relation";
import { getStorageSettings, type StorageSettingsView } from "@/lib/storage/storage-settings";
import { retainedRelations, segmentsOf, storagePathOf, type RetainedRelation, type StoragePath } from "@/lib/storage/retention/relations";
import { rolledUpBefore } from "@/lib/storage/retention/rolled-up";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const STATS_DAYS = 30;

export interface StorageTableStats {
  name: string;
  kind: "raw" | "packed" | "rollup";
  tier: "raw" | "1m" | "1h" | "1d";
  /** On disk, with indexes and TOAST (all chunks/partitions, compressed ones as stored). */
  bytes: number;
  /** Chunks or partitions (0 for an unpartitioned table). */
  segments: number;
  /** Estimated rows (PostgreSQL's statistics), null before the table was first analyzed. */
  rows: number | null;
  /** The start of the oldest chunk or partition (ISO). */
  oldest: string | null;
  /** TimescaleDB compression: chunks compressed, and their size before and after. */
  compression: { chunks: number; beforeBytes: number; afterBytes: number } | null;
}

export interface StorageStats {
  path: StoragePath;
  /** Every table that holds project data, for the whole instance (all projects share them). */
  tables: StorageTableStats[];
  totalBytes: number;
  /** This project's data points (metric points and set members) and events per UTC day, oldest first. */
  perDay: { day: string; points: number; events: number }[];
  retention: StorageSettingsView;
  measuredAt: string;
}

/**
 * What the project's storage settings page shows (read permission): storage used per table
 * for the instance, the project's points and events per day over the last 30 days (from the
 * coarsest rollup that holds each day, and raw rows for the part not yet rolled up), and the
 * retention in force with the values that are defaults.
 */
export async function storageStats({ ctx, now = Date.now() }: { ctx: Caller; now?: number }): Promise<StorageStats> {
  requirePermission(ctx, "read");
  const retention = await getStorageSettings({ ctx });
  const conn = sql();
  const path = await storagePathOf(conn);
  const relations = await retainedRelations(conn, path);
  const tables: StorageTableStats[] = [];
  for (const relation of relations) tables.push(await tableStats(conn, path, relation));
  return {
    path,
    tables,
    totalBytes: tables.reduce((sum, t) => sum + t.bytes, 0),
    perDay: await perDay(ctx.projectId, now, await rolledUpBefore(conn, path, relations)),
    retention,
    measuredAt: new Date(now).toISOString(),
  };
}

async function tableStats(conn: postgres.Sql, path: StoragePath, relation: RetainedRelation): Promise<StorageTableStats> {
  const segments = await segmentsOf(conn, relation);
  const base = {
    name: relation.name,
    kind: relation.tier !== "raw" ? ("rollup" as const) : relation.name.endsWith("_packed") ? ("packed" as const) : ("raw" as const),
    tier: relation.tier,
    segments: relation.layout === "table" ? 0 : segments.length,
    oldest: segments.find((s) => s.from)?.from?.toISOString() ?? null,
  };
  if (path === "timescaledb") {
    const [size] = await conn<{ bytes: string; rows: string }[]>`
      SELECT coalesce(hypertable_size(${relation.rowsIn}::regclass), 0) AS bytes, approximate_row_count(${relation.rowsIn}::regclass) AS rows`;
    const [c] = await conn<{ chunks: number; before: string | null; after: string | null }[]>`
      SELECT number_compressed_chunks AS chunks, before_compression_total_bytes AS before, after_compression_total_bytes AS after
      FROM hypertable_compression_stats(${relation.rowsIn}::regclass)`;
    const compression = c && c.chunks > 0 ? { chunks: Number(c.chunks), beforeBytes: Number(c.before ?? 0), afterBytes: Number(c.after ?? 0) } : null;
    return { ...base, bytes: Number(size.bytes), rows: Number(size.rows), compression };
  }
  // Partitions (leaves of the tree) with their indexes and TOAST; the parent itself stores nothing.
  const [size] = await conn<{ bytes: string; rows: string | null }[]>`
    SELECT coalesce(sum(pg_total_relation_size(t.relid)), 0) AS bytes, sum(c.reltuples) FILTER (WHERE c.reltuples >= 0) AS rows
    FROM pg_partition_tree(${relation.rowsIn}::regclass) t JOIN pg_class c ON c.oid = t.relid WHERE t.isleaf`;
  return { ...base, bytes: Number(size.bytes), rows: size.rows === null ? null : Math.round(Number(size.rows)), compression: null };
}

/**
 * The project's points and events per UTC day: [first, d) from the daily rollups, [d, h) from
 * the hourly ones and [h, now) from raw rows, where d and h are how far each tier is rolled up
 * for that kind (lib/storage/retention/rolled-up.ts). Set members have no count in their
 * rollups (HyperLogLog registers), so they are counted from raw rows.
 */
async function perDay(projectId: string, now: number, rolledUp: Map<string, number>): Promise<StorageStats["perDay"]> {
  const first = Math.floor(now / DAY_MS) * DAY_MS - (STATS_DAYS - 1) * DAY_MS;
  const upTo = (...relations: string[]) => Math.min(...relations.map((r) => rolledUp.get(r) ?? -Infinity));
  const floor = (ms: number, unit: number) => (Number.isFinite(ms) ? Math.floor(ms / unit) * unit : ms);
  const bounds = (raw: string, kind: string) => {
    const d = Math.max(first, Math.min(floor(upTo(raw, `rollup_${kind}_1m`, `rollup_${kind}_1h`), DAY_MS), now));
    const h = Math.max(d, Math.min(floor(upTo(raw, `rollup_${kind}_1m`), HOUR_MS), now));
    return [new Date(d).toISOString(), new Date(h).toISOString()];
  };
  const series = "ANY(ARRAY(SELECT id FROM series WHERE project_id = $1::uuid))";
  const day = (column: string) => `date_trunc('day', ${column}, 'UTC')`;
  const raw = (table: "points" | "set_points" | "events", from: string) => rawRelation({ table, from, to: "$3::timestamptz" });
  // $4/$5: d and h for metric points, $6/$7 for events.
  const text = `
    SELECT kind, (extract(epoch FROM day) * 1000)::float8 AS day, sum(n)::float8 AS n FROM (
      SELECT 'points' AS kind, ${day("r.bucket")} AS day, sum(r.count) AS n FROM rollup_points_1d r
        WHERE r.series_id = ${series} AND r.bucket >= $2::timestamptz AND r.bucket < $4::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'points', ${day("r.bucket")}, sum(r.count) FROM rollup_points_1h r
        WHERE r.series_id = ${series} AND r.bucket >= $4::timestamptz AND r.bucket < $5::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'points', ${day("r.time")}, count(*) FROM ${raw("points", "$5::timestamptz")} r
        WHERE r.series_id = ${series} AND r.time >= $5::timestamptz AND r.time < $3::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'points', ${day("r.time")}, count(*) FROM ${raw("set_points", "$2::timestamptz")} r
        WHERE r.series_id = ${series} AND r.time >= $2::timestamptz AND r.time < $3::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'events', ${day("r.bucket")}, sum(r.count) FROM rollup_events_1d r
        WHERE r.project_id = $1::uuid AND r.bucket >= $2::timestamptz AND r.bucket < $6::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'events', ${day("r.bucket")}, sum(r.count) FROM rollup_events_1h r
        WHERE r.project_id = $1::uuid AND r.bucket >= $6::timestamptz AND r.bucket < $7::timestamptz GROUP BY 1, 2
      UNION ALL SELECT 'events', ${day("r.time")}, count(*) FROM ${raw("events", "$7::timestamptz")} r
        WHERE r.project_id = $1::uuid AND r.time >= $7::timestamptz AND r.time < $3::timestamptz GROUP BY 1, 2
    ) x GROUP BY 1, 2`;
  const values = [projectId, new Date(first).toISOString(), new Date(now).toISOString(), ...bounds("points", "points"), ...bounds("events", "events")];
  const rows = await withQueryTransaction((exec) => exec<{ kind: "points" | "events"; day: number; n: number }>({ text, values }), { projectId });
  const days = Array.from({ length: STATS_DAYS }, (_, i) => ({ day: new Date(first + i * DAY_MS).toISOString().slice(0, 10), points: 0, events: 0 }));
  for (const row of rows) {
    const slot = days[Math.round((Number(row.day) - first) / DAY_MS)];
    if (slot) slot[row.kind] += Number(row.n);
  }
  return days;
}

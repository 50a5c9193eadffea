import type postgres from "postgres";
import { inReservedTransaction } from "@/lib/db/reserved-transaction";
import type { RetainedRelation, Segment, StoragePath } from "./relations";

/** Rows per DELETE: small enough that one statement never holds locks or WAL for long. */
export const DELETE_BATCH = 5_000;
// Series ids per statement where a compressed chunk is deleted from (its batches are decompressed).
const IDS_PER_STATEMENT = 100;
// Retention never makes ingest or a refresh wait long: a lock it cannot get soon is retried next run.
const LOCK_TIMEOUT_MS = 2_000;

// With TimescaleDB, what retention removes must not be recorded as a change to re-aggregate:
// continuous aggregates refresh with no start offset, and refreshing a range whose source rows
// were dropped empties it (and, through the hierarchy, the hourly and daily tiers above).
// skip_cagg_invalidation keeps drop_chunks and DELETE out of the invalidation logs, except that
// 2.28.3 still logs a compressed batch deleted whole ("direct batch delete"), so that is off:
// such batches are decompressed and deleted, with no cap on the rows that takes.
const TIMESCALE_SETTINGS: [string, string][] = [
  ["timescaledb.skip_cagg_invalidation", "on"],
  ["timescaledb.enable_compressed_direct_batch_delete", "off"],
  ["timescaledb.max_tuples_decompressed_per_dml_transaction", "0"],
];

/**
 * SQL that applies the settings above for the current transaction where the server knows
 * them (TimescaleDB), for any deletion of raw rows that must not be re-aggregated into the
 * rollups of every project (deleting a project). A no-op on plain PostgreSQL.
 */
export function keepRollupsSql(): string {
  const values = TIMESCALE_SETTINGS.map(([name, value]) => `('${name}', '${value}')`).join(", ");
  return `SELECT set_config(s.name, v.value, true) FROM pg_settings s JOIN (VALUES ${values}) AS v(name, value) ON v.name = s.name`;
}

/** Runs `work` in one transaction on the reserved connection, with the settings above on TimescaleDB. */
export async function inRetentionTransaction<T>(conn: postgres.ReservedSql, path: StoragePath, work: () => Promise<T>): Promise<T> {
  return inReservedTransaction(conn, work, async () => {
    await conn.unsafe(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
    if (path === "timescaledb") await timescaleSettings(conn);
  });
}

async function timescaleSettings(conn: postgres.ReservedSql): Promise<void> {
  const names = TIMESCALE_SETTINGS.map(([name]) => name);
  const values = TIMESCALE_SETTINGS.map(([, value]) => value);
  const set = await conn<{ name: string }[]>`
    SELECT s.name, set_config(s.name, v.value, true) FROM pg_settings s
    JOIN unnest(${names}::text[], ${values}::text[]) AS v(name, value) ON v.name = s.name`;
  // Without it, every drop and delete would be re-aggregated into empty rollups: do nothing.
  if (!set.some((s) => s.name === "timescaledb.skip_cagg_invalidation")) {
    throw new Error("this TimescaleDB has no timescaledb.skip_cagg_invalidation (2.28.3 has): retention would empty the rollups, so it does nothing");
  }
}

export type Owner = { seriesIds: number[] } | { projectId: string } | null;

function ownerClause(relation: RetainedRelation, owner: Owner, firstParam: number): { clause: string; values: unknown[] } {
  if (owner === null) return { clause: "true", values: [] };
  if ("projectId" in owner) {
    if (relation.owner !== "project_id") throw new Error(`${relation.name} is kept by series, not by project`);
    return { clause: `project_id = $${firstParam}::uuid`, values: [owner.projectId] };
  }
  if (relation.owner !== "series_id") throw new Error(`${relation.name} is kept by project, not by series`);
  return { clause: `series_id = ANY($${firstParam}::int[])`, values: [owner.seriesIds] };
}

/**
 * Deletes the rows of `owner` (everyone's with null) in one chunk or partition whose time is
 * before `before`, in batches of DELETE_BATCH rows, each its own transaction. A compressed
 * TimescaleDB chunk is deleted from through its hypertable, bounded to the chunk's range, for
 * at most IDS_PER_STATEMENT series at a time.
 */
export async function deleteOldRows(options: { conn: postgres.ReservedSql; path: StoragePath; relation: RetainedRelation; segment: Segment; owner: Owner; before: Date }): Promise<number> {
  const { conn, path, relation, segment, owner, before } = options;
  if (owner && "seriesIds" in owner && owner.seriesIds.length === 0) return 0;
  const time = relation.time;
  let deleted = 0;
  if (segment.compressed) {
    const upper = segment.to && segment.to < before ? segment.to : before;
    const groups = owner && "seriesIds" in owner ? chunked(owner.seriesIds, IDS_PER_STATEMENT).map((seriesIds) => ({ seriesIds })) : [owner];
    for (const group of groups) {
      const { clause, values } = ownerClause(relation, group, 3);
      const result = await inRetentionTransaction(conn, path, () =>
        conn.unsafe(`DELETE FROM ${relation.rowsIn} WHERE ${time} >= $1::timestamptz AND ${time} < $2::timestamptz AND ${clause}`, [(segment.from ?? new Date(0)).toISOString(), upper.toISOString(), ...values] as never[]),
      );
      deleted += result.count;
    }
    return deleted;
  }
  const { clause, values } = ownerClause(relation, owner, 2);
  for (;;) {
    const result = await inRetentionTransaction(conn, path, () =>
      conn.unsafe(
        `DELETE FROM ${segment.name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${segment.name} WHERE ${time} < $1::timestamptz AND ${clause} LIMIT ${DELETE_BATCH}))`,
        [before.toISOString(), ...values] as never[],
      ),
    );
    deleted += result.count;
    if (result.count < DELETE_BATCH) return deleted;
  }
}

function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

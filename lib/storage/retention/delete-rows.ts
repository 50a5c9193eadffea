import type postgres from "postgres";
import type { RetainedRelation, Segment, StoragePath } from "./relations";

/** Rows per DELETE: small enough that one statement never holds locks or WAL for long. */
export const DELETE_BATCH = 5_000;
// Series ids per statement where a compressed chunk is deleted from through its hypertable.
const IDS_PER_STATEMENT = 1_000;
// Retention never makes ingest or a refresh wait long: a lock it cannot get soon is retried next run.
const LOCK_TIMEOUT_MS = 2_000;

/**
 * Runs `work` in one transaction on the reserved connection. With TimescaleDB, what retention
 * removes must not be recorded as a change to re-aggregate: continuous aggregates refresh with
 * no start offset, and refreshing a range whose source rows were dropped would empty it (and,
 * through the hierarchy, the hourly and daily tiers above). Checked on 2.28.3.
 */
export async function inRetentionTransaction<T>(conn: postgres.ReservedSql, path: StoragePath, work: () => Promise<T>): Promise<T> {
  await conn`BEGIN`;
  try {
    await conn.unsafe(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
    if (path === "timescaledb") await conn.unsafe("SET LOCAL timescaledb.skip_cagg_invalidation = on");
    const result = await work();
    await conn`COMMIT`;
    return result;
  } catch (error) {
    await conn`ROLLBACK`.catch(() => {});
    throw error;
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
 * TimescaleDB chunk is deleted from through its hypertable, bounded to the chunk's range
 * (whole compressed batches go without decompressing when the filter is on the segment key).
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

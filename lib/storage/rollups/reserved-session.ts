import type postgres from "postgres";
import { inReservedTransaction } from "@/lib/db/reserved-transaction";

// The rollup refresh runs on the one connection that holds its advisory lock.

export async function inTransaction<T>(conn: postgres.ReservedSql, work: () => Promise<T>, options: { aggregating?: boolean } = {}): Promise<T> {
  return inReservedTransaction(conn, work, async () => {
    if (!options.aggregating) return;
    // The newest rows lie past the statistics of their partition, so the planner expects a
    // handful and sorts millions to group them (246 MB spilled for one minute at 100k
    // points/s); a hash aggregate over few groups is always the better plan here.
    await conn`SET LOCAL enable_sort = off`;
    await conn`SET LOCAL work_mem = '64MB'`;
  });
}

/**
 * Waits until every transaction that was writing to a raw table when this is called has
 * ended. An insert that began before the 1-minute watermark moved read the old watermark, so
 * its late-row trigger recorded nothing; once it has committed, the rows are visible to the
 * aggregation that follows, so none is lost between the two.
 */
export async function waitForRawWriters(conn: postgres.ReservedSql, options: { timeoutMs?: number } = {}): Promise<boolean> {
  const [{ vxids }] = await conn<{ vxids: string[] }[]>`
    SELECT coalesce(array_agg(DISTINCT virtualtransaction), '{}') AS vxids FROM pg_locks
    WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND relation IN ('points'::regclass, 'set_points'::regclass, 'events'::regclass)`;
  if (vxids.length === 0) return true;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const [{ waiting }] = await conn<{ waiting: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM pg_locks WHERE virtualtransaction = ANY(${vxids}::text[])) AS waiting`;
    if (!waiting) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

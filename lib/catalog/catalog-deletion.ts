import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { FluxError } from "@/lib/errors";
import { keepRollupsSql } from "@/lib/storage/retention/delete-rows";
import { retainedRelations, storagePathOf, type RetainedRelation, type StoragePath } from "@/lib/storage/retention/relations";

// Deleting a metric or an event name with all of its data, on either storage path, in ONE
// transaction with its catalog row (see ARCHITECTURE.md, "Deleting a metric or an event"):
// - the catalog row is locked first (FOR UPDATE). Ingest takes that row's lock too (the
//   event_names upsert; the foreign-key check of a new series), so a batch either committed
//   before the delete reads (and goes with it) or waits and starts the name afresh after it;
// - every rollup relation (Flux's rollup tables, or the continuous aggregates' materialization
//   hypertables) is locked EXCLUSIVE, which readers pass but writers wait for: a rollup refresh
//   (Flux's upkeep or a TimescaleDB policy) that aggregated the rows before they were deleted
//   cannot write its result after they are;
// - raw rows go from the raw tables (TimescaleDB's compressed chunks through their hypertable)
//   and the packed tables, rollup rows from every tier, without recording the deletion as a
//   change to re-aggregate (on TimescaleDB that would re-materialize the whole range from raw
//   rows, emptying every project's rollups where retention already dropped the raw ones).

/** How long the delete waits for a lock before it gives up and says "try again". */
const LOCK_TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;

export interface DeletionStep {
  tx: postgres.TransactionSql;
  path: StoragePath;
  /** Every relation holding project data by time on this database: raw, packed and rollups. */
  relations: RetainedRelation[];
}

/** Runs `work` in one deletion transaction; a lock timeout or deadlock is retried, then answered 503. */
export async function inCatalogDeletion<T>(work: (step: DeletionStep) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await sql().begin(async (tx) => {
        await tx.unsafe(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
        // The storage helpers only send queries; a transaction does that like a pool.
        const conn = tx as unknown as postgres.Sql;
        const path = await storagePathOf(conn);
        await tx.unsafe(keepRollupsSql());
        if (path === "timescaledb") await requireSkippedInvalidation(tx);
        return work({ tx, path, relations: await retainedRelations(conn, path) });
      })) as T;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== "55P03" && code !== "40P01") throw error;
      if (attempt >= ATTEMPTS) {
        throw new FluxError({ code: "unavailable", message: "The data is busy (being rolled up, compressed or written); try again shortly", retryAfterSeconds: 10, cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function requireSkippedInvalidation(tx: postgres.TransactionSql): Promise<void> {
  const [row] = await tx<{ on: string | null }[]>`SELECT current_setting('timescaledb.skip_cagg_invalidation', true) AS on`;
  if (row?.on !== "on") {
    // Without it the deletion would be re-aggregated into every project's rollups: refuse.
    throw new FluxError({ code: "unavailable", message: "This TimescaleDB cannot delete data without rebuilding rollups (timescaledb.skip_cagg_invalidation is missing; 2.28.3 has it)" });
  }
}

/** Makes every rollup writer wait for this transaction (readers are not held up). */
export async function lockRollups(step: DeletionStep): Promise<void> {
  const rollups = step.relations.filter((r) => r.tier !== "raw").map((r) => r.rowsIn);
  if (rollups.length > 0) await step.tx.unsafe(`LOCK TABLE ${rollups.join(", ")} IN EXCLUSIVE MODE`);
}

/** The relations whose rows name their owner this way, raw and packed first, then the rollup tiers. */
export function relationsOwnedBy(step: DeletionStep, owner: RetainedRelation["owner"]): RetainedRelation[] {
  return step.relations.filter((r) => r.owner === owner);
}

import { sql } from "@/lib/db/client";
import type { JobContext, JobDefinition } from "./job-definition";

const DAY_MS = 86_400_000;
// Rows one DELETE removes: small enough that each statement holds its row locks briefly and
// never bloats one transaction, so ingest writing beside it is not held up.
export const PURGE_BATCH_ROWS = 5_000;
// A run stops after this many batches and leaves the rest to the next period.
const MAX_BATCHES_PER_RUN = 200;

/** Tables purged by age, with how long their rows must stay. */
const PURGES = {
  // An Idempotency-Key answers a retried batch with its first response for a day.
  "purge-idempotency-keys": { table: "ingest_requests", keepMs: DAY_MS },
  // Client event ids make a resent event count once for 30 days.
  "purge-event-ids": { table: "event_ids", keepMs: 30 * DAY_MS },
  // The job-runs page shows two weeks of runs.
  "purge-job-runs": { table: "job_runs", keepMs: 14 * DAY_MS },
} as const;

export interface PurgeSummary {
  deleted: number;
  batches: number;
  /** True when the run stopped at its batch limit (or was aborted) with old rows left. */
  more: boolean;
}

/**
 * Deletes the rows of `table` created before `job.now - keepMs`, PURGE_BATCH_ROWS at a time,
 * each batch its own statement.
 */
export async function purgeOlderThan(job: JobContext, options: { table: string; keepMs: number; column?: string }): Promise<PurgeSummary> {
  const cutoff = new Date(job.now - options.keepMs).toISOString();
  const column = options.column ?? (options.table === "job_runs" ? "started_at" : "created_at");
  const db = sql();
  let deleted = 0;
  for (let batches = 0; ; ) {
    if (job.signal.aborted || batches === MAX_BATCHES_PER_RUN) return { deleted, batches, more: true };
    const result = await db`
      DELETE FROM ${db(options.table)}
      WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${db(options.table)} WHERE ${db(column)} < ${cutoff}::timestamptz LIMIT ${PURGE_BATCH_ROWS}))`;
    batches++;
    deleted += result.count;
    if (result.count < PURGE_BATCH_ROWS) return { deleted, batches, more: false };
  }
}

export const PURGE_JOBS: readonly JobDefinition[] = Object.entries(PURGES).map(([name, purge]) => ({
  name,
  everySeconds: 3_600,
  run: (job: JobContext) => purgeOlderThan(job, purge),
}));

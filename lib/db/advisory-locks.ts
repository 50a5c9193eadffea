import type postgres from "postgres";

/**
 * Every PostgreSQL advisory lock Flux takes, by name: one registry, so two jobs can never
 * collide on a number by accident. Keys are fixed integers (not hashes) so that they stay
 * stable across releases and can be looked up in pg_locks.
 */
export const ADVISORY_LOCKS = {
  migrate: 727_011,
  firstRun: 727_012,
  rollups: 727_021,
  compression: 727_022,
  retention: 727_023,
  // Scheduled jobs (lib/scheduler/jobs.ts): one lock per job, held for the whole run, so that two
  // instances (or a timer and a cron call) never run the same job at once. The storage jobs also
  // take their own lock above inside the work, which guards a direct call as well.
  "job:rollups": 727_101,
  "job:compression": 727_102,
  "job:retention": 727_103,
  "job:purge-idempotency-keys": 727_104,
  "job:purge-event-ids": 727_105,
  "job:purge-job-runs": 727_106,
  "job:anomaly-detection": 727_107,
  "job:alert-evaluation": 727_108,
  "job:alert-delivery": 727_109,
} as const;
export type AdvisoryLockName = keyof typeof ADVISORY_LOCKS;

/** The lock of a scheduled job, or null when none is registered for that name (the job cannot run). */
export function jobLockName(job: string): AdvisoryLockName | null {
  const name = `job:${job}`;
  return Object.hasOwn(ADVISORY_LOCKS, name) ? (name as AdvisoryLockName) : null;
}

/**
 * Runs `work` while holding the named session lock on a reserved connection, or returns
 * null at once when another instance holds it (that instance is doing the same job).
 */
export async function withTryAdvisoryLock<T>(client: postgres.Sql, name: AdvisoryLockName, work: (conn: postgres.ReservedSql) => Promise<T>): Promise<T | null> {
  const conn = await client.reserve();
  try {
    const [{ locked }] = await conn<{ locked: boolean }[]>`SELECT pg_try_advisory_lock(${ADVISORY_LOCKS[name]}) AS locked`;
    if (!locked) return null;
    try {
      return await work(conn);
    } finally {
      await conn`SELECT pg_advisory_unlock(${ADVISORY_LOCKS[name]})`;
    }
  } finally {
    conn.release();
  }
}

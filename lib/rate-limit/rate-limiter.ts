import { sql as appSql, type Sql } from "@/lib/db/client";

/**
 * Attempt counters in PostgreSQL (`rate_limits`), so every app instance shares them. A key may
 * make `limit` attempts per window; the next one blocks it for `blockSeconds`, and each block
 * that follows without a quiet window in between lasts twice as long, up to `maxBlockSeconds`.
 * Never a permanent lock: a blocked key is free again when its block ends.
 */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
  blockSeconds: number;
  maxBlockSeconds: number;
}

export type RateLimitVerdict = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Tests pass their own clients to act as separate app instances; the app uses its pool. */
interface On {
  sql?: Sql;
}

// Rows idle this long hold nothing worth keeping: any block has ended and the window is over.
const IDLE_ROW_SECONDS = 24 * 3600;
// One attempt in this many also sweeps idle rows, so the table stays small without a job.
const PURGE_EVERY = 200;

/**
 * Counts one attempt against `key` before the work it guards is done, in one atomic upsert,
 * so parallel attempts (on any instance) are admitted exactly `limit` times per window. The
 * caller gives the attempt back (`refundAttempt`) or clears the key (`clearKey`) when it
 * succeeds. A refused attempt changes nothing: hammering a blocked key does not extend it.
 */
export async function takeAttempt({ policy, key, sql = appSql() }: { policy: RateLimitPolicy; key: string } & On): Promise<RateLimitVerdict> {
  const window = sql`(${policy.windowSeconds}::float8 * interval '1 second')`;
  const blocked = sql`(r.blocked_until IS NOT NULL AND r.blocked_until > now())`;
  const expired = sql`(r.window_started_at + ${window} <= now())`;
  const count = sql`(CASE WHEN ${expired} THEN 1 ELSE r.failures + 1 END)`;
  const trips = sql`(${count} > ${policy.limit}::int)`;
  // Strikes (blocks in a row) are forgiven once a whole window has passed since the last block.
  const strikes = sql`(CASE WHEN ${expired} AND (r.blocked_until IS NULL OR r.blocked_until + ${window} <= now()) THEN 0 ELSE r.strikes END)`;
  const blockFor = sql`(least(${policy.maxBlockSeconds}::float8, ${policy.blockSeconds}::float8 * power(2, least(${strikes}, 30))) * interval '1 second')`;
  // A blocked key is left untouched (the WHERE below): refusing costs a read, never a write.
  const [row] = await sql<{ failures: number; retryAfter: number | null }[]>`
    INSERT INTO rate_limits AS r (key, failures, window_started_at, strikes, updated_at)
    VALUES (${key}, 1, now(), 0, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN ${trips} THEN 0 ELSE ${count} END,
      window_started_at = CASE WHEN ${trips} THEN now() + ${blockFor} WHEN ${expired} THEN now() ELSE r.window_started_at END,
      blocked_until = CASE WHEN ${trips} THEN now() + ${blockFor} ELSE r.blocked_until END,
      strikes = CASE WHEN ${trips} THEN ${strikes} + 1 ELSE ${strikes} END,
      updated_at = now()
    WHERE NOT ${blocked}
    RETURNING failures,
      CASE WHEN blocked_until > now() THEN ceil(extract(epoch FROM blocked_until - now()))::int END AS "retryAfter"`;
  if (Math.random() * PURGE_EVERY < 1) void purgeIdleRateLimits({ sql }).catch(() => {});
  if (!row) return { allowed: false, retryAfterSeconds: Math.max(1, await blockedForSeconds({ keys: [key], sql })) };
  if (row.retryAfter !== null) return { allowed: false, retryAfterSeconds: Math.max(1, row.retryAfter) };
  return { allowed: true, remaining: Math.max(0, policy.limit - row.failures) };
}

/** Gives back an attempt that turned out not to be a failure (a right password from a shared address). */
export async function refundAttempt({ key, sql = appSql() }: { key: string } & On): Promise<void> {
  await sql`
    UPDATE rate_limits SET failures = failures - 1, updated_at = now()
    WHERE key = ${key} AND failures > 0 AND (blocked_until IS NULL OR blocked_until <= now())`;
}

/** Forgets a key entirely: its count, any block and its back-off. */
export async function clearKey({ key, sql = appSql() }: { key: string } & On): Promise<void> {
  await sql`DELETE FROM rate_limits WHERE key = ${key}`;
}

/** Seconds until none of `keys` is blocked; 0 when none is. */
export async function blockedForSeconds({ keys, sql = appSql() }: { keys: string[] } & On): Promise<number> {
  const [row] = await sql<{ seconds: number | null }[]>`
    SELECT max(ceil(extract(epoch FROM blocked_until - now())))::int AS seconds
    FROM rate_limits WHERE key = ANY(${keys}::text[]) AND blocked_until > now()`;
  return row?.seconds ?? 0;
}

/** Deletes rows idle for a day, a bounded batch at a time (also safe to call from a scheduler). */
export async function purgeIdleRateLimits({ sql = appSql() }: On = {}): Promise<number> {
  const rows = await sql`
    DELETE FROM rate_limits WHERE key IN (
      SELECT key FROM rate_limits
      WHERE updated_at < now() - ${IDLE_ROW_SECONDS}::float8 * interval '1 second'
        AND (blocked_until IS NULL OR blocked_until < now())
      LIMIT 1000)`;
  return rows.count;
}

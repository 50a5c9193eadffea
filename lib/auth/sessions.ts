import { z } from "zod";
import { sql } from "@/lib/db/client";

/**
 * Revocable sign-ins. The session cookie stays a JWT, but it names a `user_sessions` row and
 * is honoured only while that row exists: deleting the row (sign-out, a password change,
 * removal of the user) ends the session on its very next request, on every instance.
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;
// last_seen_at (and the sliding expiry) are written at most this often per session.
const TOUCH_EVERY_SECONDS = 60;
// One sign-in in this many also deletes expired rows, so the table stays small without a job.
const PURGE_EVERY = 50;

const SessionId = z.uuid();

/** Records a new sign-in and returns the id its cookie will carry. */
export async function startSession({ userId }: { userId: string }): Promise<string> {
  const [row] = await sql()<{ id: string }[]>`
    INSERT INTO user_sessions (user_id, expires_at)
    VALUES (${userId}, now() + ${SESSION_MAX_AGE_SECONDS}::float8 * interval '1 second')
    RETURNING id`;
  if (Math.random() * PURGE_EVERY < 1) void purgeExpiredSessions().catch(() => {});
  return row.id;
}

/**
 * Whether the session is still live for this user; refreshes its last-seen time and expiry
 * (JWT sessions slide on use) at most once a minute, in the same round trip.
 */
export async function sessionIsLive({ sessionId, userId }: { sessionId: unknown; userId: unknown }): Promise<boolean> {
  if (!SessionId.safeParse(sessionId).success || !z.uuid().safeParse(userId).success) return false;
  const [row] = await sql()<{ live: number }[]>`
    WITH live AS (
      SELECT id, last_seen_at FROM user_sessions
      WHERE id = ${sessionId as string} AND user_id = ${userId as string} AND expires_at > now()
    ), touched AS (
      UPDATE user_sessions s
      SET last_seen_at = now(), expires_at = now() + ${SESSION_MAX_AGE_SECONDS}::float8 * interval '1 second'
      FROM live WHERE s.id = live.id AND live.last_seen_at < now() - ${TOUCH_EVERY_SECONDS}::float8 * interval '1 second'
      RETURNING s.id
    )
    SELECT count(*)::int AS live FROM live`;
  return row.live === 1;
}

/** Ends one session (sign-out). */
export async function endSession({ sessionId }: { sessionId: unknown }): Promise<void> {
  if (!SessionId.safeParse(sessionId).success) return;
  await sql()`DELETE FROM user_sessions WHERE id = ${sessionId as string}`;
}

/** Ends every session of a user but one (the browser that changed the password). */
export async function endOtherSessions({ userId, keepSessionId }: { userId: string; keepSessionId: string | null }): Promise<number> {
  const keep = keepSessionId && SessionId.safeParse(keepSessionId).success ? keepSessionId : null;
  const rows = await sql()`
    DELETE FROM user_sessions WHERE user_id = ${userId} AND (${keep}::uuid IS NULL OR id <> ${keep}::uuid)`;
  return rows.count;
}

/** Deletes expired rows, a bounded batch at a time (also safe to call from a scheduler). */
export async function purgeExpiredSessions(): Promise<number> {
  const rows = await sql()`
    DELETE FROM user_sessions WHERE id IN (SELECT id FROM user_sessions WHERE expires_at < now() LIMIT 1000)`;
  return rows.count;
}

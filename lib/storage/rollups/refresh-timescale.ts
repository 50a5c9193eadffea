import type postgres from "postgres";
import { KINDS, TIERS, TIER_MS, tableOf, type Tier } from "./rollup-sql";

export interface TimescaleRefresh {
  /** The end of each tier's refresh window (ISO). */
  ends: Record<Tier, string>;
}

/**
 * Refreshes the continuous aggregates up to the last complete bucket of each tier, 1m first
 * (1h is built on 1m, 1d on 1h). TimescaleDB re-materializes only what its invalidation logs
 * say changed, so late rows redo just their buckets; the window starts at NULL so a late row
 * however old is included, like the migration's refresh policies. Each CALL runs on its own:
 * refresh_continuous_aggregate refuses to run inside a transaction.
 */
export async function refreshTimescale(conn: postgres.ReservedSql, options: { now: number; lagMs: number }): Promise<TimescaleRefresh> {
  const complete = options.now - options.lagMs;
  const ends = {} as Record<Tier, string>;
  for (const tier of TIERS) {
    const end = new Date(Math.floor(complete / TIER_MS[tier]) * TIER_MS[tier]).toISOString();
    ends[tier] = end;
    for (const kind of KINDS) await refresh(conn, tableOf(kind, tier), end);
  }
  return { ends };
}

/**
 * One continuous aggregate. TimescaleDB refuses a refresh while another one of the same
 * aggregate runs (55P03, "due to a concurrent refresh": its policy, or another instance), so
 * this waits and tries again; a lock held longer than LOCK_WAIT also ends in 55P03 rather
 * than hold the upkeep. After GIVE_UP the error stands, and the next run tries again.
 */
async function refresh(conn: postgres.ReservedSql, name: string, end: string): Promise<void> {
  const deadline = Date.now() + GIVE_UP_MS;
  await conn.unsafe(`SET lock_timeout = '${LOCK_WAIT_MS}ms'`);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await conn.unsafe("CALL refresh_continuous_aggregate($1::regclass, NULL, $2::timestamptz)", [name, end]);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "55P03" || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 3_000)));
      }
    }
  } finally {
    await conn.unsafe("RESET lock_timeout");
  }
}

const LOCK_WAIT_MS = 20_000;
const GIVE_UP_MS = 60_000;

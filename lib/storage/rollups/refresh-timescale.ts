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
    for (const kind of KINDS) {
      await conn.unsafe("CALL refresh_continuous_aggregate($1::regclass, NULL, $2::timestamptz)", [tableOf(kind, tier), end]);
    }
  }
  return { ends };
}

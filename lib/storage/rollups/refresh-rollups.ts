import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { withTryAdvisoryLock } from "@/lib/db/advisory-locks";
import { env } from "@/lib/env";
import { refreshPlain, type PlainRefresh } from "./refresh-plain";
import { refreshTimescale, type TimescaleRefresh } from "./refresh-timescale";
import type { Tier } from "./rollup-sql";

export type StoragePath = "timescaledb" | "postgres";

export type RefreshSummary =
  | { status: "skipped"; ms: number }
  | {
      status: "refreshed";
      path: StoragePath;
      ms: number;
      /** flux_rollup_watermarks() afterwards: each tier may be read below it (null: nowhere yet). */
      watermarks: Record<Tier, string | null>;
      postgres?: PlainRefresh;
      timescaledb?: TimescaleRefresh;
    };

/**
 * Brings the 1m/1h/1d rollups up to the last bucket that ended FLUX_ROLLUP_LAG_SECONDS before
 * `now` (epoch ms, default the clock), and re-aggregates the buckets late rows touched. One
 * instance at a time (advisory lock `rollups`); another instance's call returns "skipped".
 */
export async function refreshRollups(options: { now?: number } = {}): Promise<RefreshSummary> {
  const now = options.now ?? Date.now();
  const lagMs = env().FLUX_ROLLUP_LAG_SECONDS * 1000;
  const began = performance.now();
  const ms = () => Math.round(performance.now() - began);
  const result = await withTryAdvisoryLock(sql(), "rollups", async (conn) => {
    const path = await storagePathOf(conn);
    const detail = path === "postgres" ? { postgres: await refreshPlain(conn, { now, lagMs }) } : { timescaledb: await refreshTimescale(conn, { now, lagMs }) };
    return { path, ...detail, watermarks: await effectiveWatermarks(conn) };
  });
  if (result === null) return { status: "skipped", ms: ms() };
  return { status: "refreshed", ms: ms(), ...result };
}

/** Flux's own rollup tables exist only without TimescaleDB (drizzle/0003_rollups.sql). */
async function storagePathOf(conn: postgres.Sql): Promise<StoragePath> {
  const [{ plain }] = await conn<{ plain: boolean }[]>`SELECT to_regclass('rollup_watermarks') IS NOT NULL AS plain`;
  return plain ? "postgres" : "timescaledb";
}

async function effectiveWatermarks(conn: postgres.Sql): Promise<Record<Tier, string | null>> {
  // TimescaleDB reports "nothing yet" as its earliest time (4714 BC), PostgreSQL as -infinity.
  const rows = await conn<{ tier: Tier; ms: number | null }[]>`
    SELECT tier, CASE WHEN isfinite(watermark) AND watermark > '0001-01-01' THEN (extract(epoch FROM watermark) * 1000)::float8 END AS ms
    FROM flux_rollup_watermarks()`;
  const marks: Record<Tier, string | null> = { "1m": null, "1h": null, "1d": null };
  for (const row of rows) marks[row.tier] = row.ms === null ? null : new Date(row.ms).toISOString();
  return marks;
}

import type postgres from "postgres";
import type { RetainedRelation, StoragePath } from "./relations";

const ROLLED_INTO = { raw: "1m", "1m": "1h", "1h": "1d" } as const;

/**
 * Per relation, the instant before which every row is already rolled up into the next tier
 * (epoch ms; -Infinity: nothing yet, Infinity: no tier is built from it). Retention deletes
 * nothing at or after it, so a stalled rollup upkeep never costs data.
 *
 * Plain PostgreSQL: flux_rollup_watermarks() of the next tier. TimescaleDB: per source
 * hypertable, how far its continuous aggregates were refreshed (the invalidation threshold),
 * lowered to the oldest change still waiting in either invalidation log. Not the aggregates'
 * own watermarks: those follow the newest bucket that holds data, so an aggregate that never
 * saw a row (no set metrics, say) would hold everything back forever.
 */
export async function rolledUpBefore(conn: postgres.Sql, path: StoragePath, relations: RetainedRelation[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (path === "postgres") {
    const marks = await conn.unsafe<{ tier: string; ms: number }[]>(`SELECT tier, ${msOf("watermark")} AS ms FROM flux_rollup_watermarks()`);
    const mark = new Map(marks.map((m) => [m.tier, Number(m.ms)]));
    for (const r of relations) out.set(r.name, r.tier === "1d" ? Infinity : (mark.get(ROLLED_INTO[r.tier]) ?? -Infinity));
    return out;
  }
  const sources = await conn.unsafe<{ source: string; ms: number }[]>(`
    SELECT format('%I.%I', h.schema_name, h.table_name) AS source, ${msOf(`least(
      (SELECT _timescaledb_functions.to_timestamp(t.watermark) FROM _timescaledb_catalog.continuous_aggs_invalidation_threshold t WHERE t.hypertable_id = h.id),
      (SELECT _timescaledb_functions.to_timestamp(min(l.lowest_modified_value)) FROM _timescaledb_catalog.continuous_aggs_hypertable_invalidation_log l WHERE l.hypertable_id = h.id),
      (SELECT _timescaledb_functions.to_timestamp(min(m.lowest_modified_value))
         FROM _timescaledb_catalog.continuous_aggs_materialization_invalidation_log m
         JOIN _timescaledb_catalog.continuous_agg ca ON ca.mat_hypertable_id = m.materialization_id
         WHERE ca.raw_hypertable_id = h.id AND m.greatest_modified_value > -210866803200000001))`)} AS ms
    FROM _timescaledb_catalog.hypertable h
    WHERE h.id IN (SELECT raw_hypertable_id FROM _timescaledb_catalog.continuous_agg)`);
  const bySource = new Map(sources.map((s) => [s.source, Number(s.ms)]));
  for (const r of relations) {
    const source = r.rowsIn.includes(".") ? r.rowsIn : `public.${r.rowsIn}`;
    out.set(r.name, bySource.get(source) ?? Infinity);
  }
  return out;
}

// Epoch ms of a timestamptz; TimescaleDB's "before everything" (4714 BC) and NULL read as -Infinity.
function msOf(expression: string) {
  return `(CASE WHEN (${expression}) = 'infinity' THEN 'Infinity'::float8
    WHEN (${expression}) > '0001-01-01' THEN extract(epoch FROM (${expression})) * 1000
    ELSE '-Infinity'::float8 END)::float8`;
}

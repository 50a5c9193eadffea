import type { Filter } from "./model";
import { rollupFamily, type ColumnsPartial, type HllPartial, type PartialSpec, type SketchPartial } from "./aggregations";
import { finishStatement, groupExpr, type Grouping, type Source, type Statement } from "./aggregate-sql";
import type { Segment } from "./choose-tier";
import { filterConditions } from "./filters";
import type { Window } from "./resolve-range";
import { bucketExpr, SqlParams } from "./sql-params";
import { rawRelation } from "@/lib/storage/raw-relation";

// Answers `g, b, v` rows from mergeable partial states: each segment of the window (a rollup
// tier, or raw rows for the part not rolled up yet) yields the same state columns, which are
// merged per group and bucket and then finalised. Only used when a rollup tier takes part;
// a window answered by raw rows alone keeps the exact SQL of aggregate-sql.ts.

const HLL_REGISTERS = 16_384;

interface Arm {
  /** The FROM/WHERE of one segment. */
  body: string;
  /** Group id, bucket and series id expressions in that segment. */
  g: string;
  b: string;
  sid: string;
  rollup: boolean;
  source: Source;
}

export function partialSql(options: {
  source: (p: SqlParams) => Source;
  partial: PartialSpec;
  window: Window;
  filters: Filter[];
  grouping: Grouping;
  bucketed: boolean;
  segments: Segment[];
  rank?: number;
  rowCap?: number;
}): Statement {
  const p = new SqlParams();
  const s = options.source(p);
  let cte = "";
  if (s.series) {
    const filters = filterConditions(options.filters, s.field, p);
    cte = `WITH s AS MATERIALIZED (SELECT s.id, ${groupExpr(options.grouping, s, p)} AS g FROM series s WHERE ${[...s.series.where, ...filters].join(" AND ")}) `;
  }
  const family = rollupFamily(options.partial);
  const arms: Arm[] = options.segments.map((seg) => {
    const [from, to] = [p.time(seg.from), p.time(seg.to)];
    if (seg.tier === "raw") {
      // rawRelation yields only rows in [from, to).
      const rel = `${rawRelation({ table: s.table, from, to })} ${s.alias}`;
      const joined = s.series ? `${rel} JOIN s ON s.id = d.series_id` : rel;
      const b = options.bucketed ? bucketExpr(options.window, s.time, p) : "NULL::timestamptz";
      return { body: `FROM ${joined} WHERE ${[...(s.series ? [] : s.where), "true"].join(" AND ")}`, g: s.series ? "s.g" : "''", b, sid: s.seriesId ?? "NULL::int", rollup: false, source: s };
    }
    const table = `rollup_${family}_${seg.tier} r`;
    const inTime = [`r.bucket >= ${from}`, `r.bucket < ${to}`];
    const b = options.bucketed ? bucketExpr(options.window, "r.bucket", p) : "NULL::timestamptz";
    if (s.series) return { body: `FROM ${table} JOIN s ON s.id = r.series_id WHERE ${inTime.join(" AND ")}`, g: "s.g", b, sid: "r.series_id", rollup: true, source: s };
    const key = [`r.project_id = ${p.uuid(s.events!.projectId)}`, `r.name = ${p.text(s.events!.name!)}`];
    return { body: `FROM ${table} WHERE ${[...key, ...inTime].join(" AND ")}`, g: "''", b, sid: "NULL::int", rollup: true, source: s };
  });
  const partial = options.partial;
  const text = partial.kind === "columns" ? columnsSql(partial, arms) : partial.kind === "sketch" ? sketchSql(partial, arms) : hllSql(partial, arms);
  return { text: finishStatement(cte + text, options), values: p.values };
}

function columnsSql(partial: ColumnsPartial, arms: Arm[]): string {
  const perSeries = partial.perSeries !== undefined;
  const keys = perSeries ? "sid, g, b" : "g, b";
  const parts = arms.map((a) => {
    const cols = partial.columns.map((c) => `${a.rollup ? c.rollup : c.raw(a.source)} AS ${c.name}`).join(", ");
    return `SELECT ${perSeries ? `${a.sid} AS sid, ` : ""}${a.g} AS g, ${a.b} AS b, ${cols} ${a.body} GROUP BY ${keys}`;
  });
  const merged = `SELECT ${keys}, ${partial.columns.map((c) => `${c.merge}(${c.name}) AS ${c.name}`).join(", ")} FROM (${parts.join(" UNION ALL ")}) parts GROUP BY ${keys}`;
  if (perSeries) return `SELECT g, b, ${partial.perSeries}(${partial.final})::float8 AS v FROM (${merged}) m GROUP BY g, b`;
  return `SELECT g, b, (${partial.final})::float8 AS v FROM (${merged}) m`;
}

/**
 * The quantile from merged log-bucket counts: the values at ranks floor and ceil of
 * q·(n−1) (each within 1% of the true value), interpolated as percentile_cont does.
 */
function sketchSql(partial: SketchPartial, arms: Arm[]): string {
  const parts = arms.map((a) =>
    a.rollup
      ? `SELECT ${a.g} AS g, ${a.b} AS b, r.key, sum(r.count) AS n ${a.body} GROUP BY 1, 2, 3`
      : `SELECT ${a.g} AS g, ${a.b} AS b, public.flux_sketch_key(${a.source.value}) AS key, count(*) AS n ${a.body} GROUP BY 1, 2, 3`,
  );
  const counts = `SELECT g, b, key, sum(n) AS n FROM (${parts.join(" UNION ALL ")}) parts GROUP BY g, b, key`;
  const ranked =
    `SELECT g, b, key, sum(n) OVER (PARTITION BY g, b ORDER BY key) AS cum, ` +
    `${partial.quantile}::numeric * (sum(n) OVER (PARTITION BY g, b) - 1) AS r FROM (${counts}) h`;
  const ends =
    `SELECT g, b, public.flux_sketch_value(min(key) FILTER (WHERE cum > floor(r))) AS lo, ` +
    `public.flux_sketch_value(min(key) FILTER (WHERE cum > ceil(r))) AS hi, max(r - floor(r))::float8 AS frac FROM (${ranked}) c GROUP BY g, b`;
  return `SELECT g, b, (lo + (hi - lo) * frac)::float8 AS v FROM (${ends}) e`;
}

/** HyperLogLog estimate with linear counting while many registers are empty (small sets). */
function hllSql(partial: HllPartial, arms: Arm[]): string {
  const m = HLL_REGISTERS;
  const parts = arms.map((a) => {
    if (a.rollup) return `SELECT ${a.g} AS g, ${a.b} AS b, r.register, max(r.rank) AS rank ${a.body} GROUP BY 1, 2, 3`;
    const member = partial.member(a.source);
    return (
      `SELECT ${a.g} AS g, ${a.b} AS b, public.flux_hll_register(${member}) AS register, max(public.flux_hll_rank(${member})) AS rank ` +
      `${a.body} AND ${member} IS NOT NULL GROUP BY 1, 2, 3`
    );
  });
  const registers = `SELECT g, b, register, max(rank) AS rank FROM (${parts.join(" UNION ALL ")}) parts GROUP BY g, b, register`;
  const alpha = 0.7213 / (1 + 1.079 / m);
  const sums = `SELECT g, b, ${alpha * m * m} / (sum(power(2::float8, -rank)) + (${m} - count(*))) AS est, ${m} - count(*) AS zeros FROM (${registers}) h GROUP BY g, b`;
  return `SELECT g, b, round(CASE WHEN est <= ${2.5 * m} AND zeros > 0 THEN ${m} * ln(${m}::float8 / zeros) ELSE est END)::float8 AS v FROM (${sums}) x`;
}

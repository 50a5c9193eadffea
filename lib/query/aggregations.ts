import type { MetricType } from "./model";
import type { AggSpec, Source } from "./aggregate-sql";

// Every aggregation, described once: its exact SQL over raw rows, its mergeable partial state
// (read from rollups or computed from raw rows, merged across tiers and series), the value of
// an empty bucket and how the range total follows. A new aggregation or tier is one entry here.

/** A mergeable state made of plain columns (sums, counts, extremes, last pairs). */
export interface ColumnsPartial {
  kind: "columns";
  /** The rollup family that holds the state: rollup_points_<tier> or rollup_events_<tier>. */
  rollup: "points" | "events";
  columns: { name: string; raw: (s: Source) => string; rollup: string; merge: "sum" | "min" | "max" }[];
  /** The value, from the merged columns (by name). */
  final: string;
  /** Gauges: each series' own value per bucket first, then combined across series. */
  perSeries?: "avg" | "sum";
}

/** A DDSketch (log-bucket counts) read at a quantile, interpolated between ranks like percentile_cont. */
export interface SketchPartial {
  kind: "sketch";
  quantile: number;
}

/** HyperLogLog registers (max rank per register) estimated as a unique count. */
export interface HllPartial {
  kind: "hll";
  rollup: "sets" | "event_users";
  /** The text hashed into registers. */
  member: (s: Source) => string;
}

export type PartialSpec = ColumnsPartial | SketchPartial | HllPartial;

/** The rollup relations a partial state is read from: rollup_<family>_<tier>. */
export type RollupFamily = "points" | "sketch" | "sets" | "events" | "event_users";

export function rollupFamily(partial: PartialSpec): RollupFamily {
  return partial.kind === "sketch" ? "sketch" : partial.rollup;
}

export interface AggregationDef {
  /** An empty bucket means zero, or a gap. */
  empty: 0 | null;
  /** The total over the range: folded from bucket values, or read over the whole range again. */
  total: "sum" | "min" | "max" | "whole";
  post?: "per_second" | "cumulative";
  raw: AggSpec;
  /** Absent: only raw rows answer it (a histogram needs the values themselves). */
  partial?: PartialSpec;
}

const plain = (expr: (s: Source) => string): AggSpec => ({ kind: "plain", expr });
const col = (name: string, raw: (s: Source) => string, rollup: string, merge: "sum" | "min" | "max") => ({ name, raw, rollup, merge });

const sumOf = (rollup: "points" | "events", column: string): ColumnsPartial => ({
  kind: "columns",
  rollup,
  columns: [col("s", (s) => `sum(${s.value})`, `sum(r.${column})`, "sum")],
  final: "s",
});
const countOf = (rollup: "points" | "events"): ColumnsPartial => ({
  kind: "columns",
  rollup,
  columns: [col("c", () => "count(*)", "sum(r.count)", "sum")],
  final: "c",
});
const avgOf = (rollup: "points" | "events", sum: string, count: string, rawCount: (s: Source) => string): ColumnsPartial => ({
  kind: "columns",
  rollup,
  columns: [col("s", (s) => `sum(${s.value})`, `sum(r.${sum})`, "sum"), col("c", rawCount, `sum(r.${count})`, "sum")],
  final: "s / NULLIF(c, 0)",
});
const extreme = (fn: "min" | "max"): ColumnsPartial => ({
  kind: "columns",
  rollup: "points",
  columns: [col("m", (s) => `${fn}(${s.value})`, `${fn}(r.${fn})`, fn)],
  final: "m",
});
// Each series' latest [epoch, value] in the bucket (ties: the larger value), as in raw SQL.
const lastOf = (combine: "avg" | "sum"): ColumnsPartial => ({
  kind: "columns",
  rollup: "points",
  columns: [col("lp", (s) => `max(ARRAY[date_part('epoch', ${s.time}), ${s.value}])`, "max(r.last_pair)", "max")],
  final: "lp[2]",
  perSeries: combine,
});

const PERCENTILES = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

const percentile = (q: number): AggregationDef => ({
  empty: null,
  total: "whole",
  // Interpolated (percentile_cont) over every raw value in the bucket, merged across series.
  raw: plain((s) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${s.value})`),
  partial: { kind: "sketch", quantile: q },
});

const counterSum: AggregationDef = { empty: 0, total: "sum", raw: plain((s) => `sum(${s.value})`), partial: sumOf("points", "sum") };

export const AGGREGATION_DEFS: Record<string, AggregationDef> = {
  "counter.sum": counterSum,
  "counter.rate": { ...counterSum, post: "per_second" },
  "counter.per_second": { ...counterSum, post: "per_second" },
  "counter.cumulative": { ...counterSum, post: "cumulative" },
  "gauge.last": { empty: null, total: "whole", raw: { kind: "series_last", combine: "avg" }, partial: lastOf("avg") },
  // A gauge "sum" adds each series' last reading: no reading is a gap, not zero.
  "gauge.sum": { empty: null, total: "whole", raw: { kind: "series_last", combine: "sum" }, partial: lastOf("sum") },
  "gauge.avg": { empty: null, total: "whole", raw: plain((s) => `avg(${s.value})`), partial: avgOf("points", "sum", "count", () => "count(*)") },
  "gauge.min": { empty: null, total: "min", raw: plain((s) => `min(${s.value})`), partial: extreme("min") },
  "gauge.max": { empty: null, total: "max", raw: plain((s) => `max(${s.value})`), partial: extreme("max") },
  "distribution.count": { empty: 0, total: "sum", raw: plain(() => "count(*)"), partial: countOf("points") },
  "distribution.sum": { empty: 0, total: "sum", raw: plain((s) => `sum(${s.value})`), partial: sumOf("points", "sum") },
  "distribution.avg": { empty: null, total: "whole", raw: plain((s) => `avg(${s.value})`), partial: avgOf("points", "sum", "count", () => "count(*)") },
  "distribution.min": { empty: null, total: "min", raw: plain((s) => `min(${s.value})`), partial: extreme("min") },
  "distribution.max": { empty: null, total: "max", raw: plain((s) => `max(${s.value})`), partial: extreme("max") },
  ...Object.fromEntries(Object.entries(PERCENTILES).map(([name, q]) => [`distribution.${name}`, percentile(q)])),
  "distribution.histogram": { empty: 0, total: "sum", raw: plain(() => "count(*)") },
  "set.unique": {
    empty: 0,
    total: "whole",
    raw: plain((s) => `count(DISTINCT ${s.value})`),
    partial: { kind: "hll", rollup: "sets", member: (s) => s.value },
  },
  "event.count": { empty: 0, total: "sum", raw: plain(() => "count(*)"), partial: countOf("events") },
  "event.sum": { empty: 0, total: "sum", raw: plain((s) => `sum(${s.value})`), partial: sumOf("events", "value_sum") },
  "event.avg": {
    empty: null,
    total: "whole",
    raw: plain((s) => `avg(${s.value})`),
    partial: avgOf("events", "value_sum", "value_count", (s) => `count(${s.value})`),
  },
  "event.unique_users": {
    empty: 0,
    total: "whole",
    raw: plain(() => "count(DISTINCT e.user_id)"),
    partial: { kind: "hll", rollup: "event_users", member: () => "e.user_id" },
  },
};

/** The definition for a metric type (or "event") and aggregation the model allows. */
export function aggregationDef(type: MetricType | "event", aggregation: string): AggregationDef {
  const def = AGGREGATION_DEFS[`${type}.${aggregation}`];
  if (!def) throw new Error(`No aggregation ${type}.${aggregation}`);
  return def;
}

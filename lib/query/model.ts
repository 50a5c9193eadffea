import { z } from "zod";
import { QueryInstant, queryInstantMs } from "@/lib/time/instant";
import { TimeZone } from "@/lib/time/time-zones";
import { StorableString } from "@/lib/validation/text";

// The one query model: pages, the HTTP API, alerts, cron jobs and MCP tools all speak it.
// Client-safe (zod only) so the dashboard editor can validate what it builds.

export const FilterOp = z.enum(["eq", "neq", "in", "not_in", "exists", "not_exists", "gt", "gte", "lt", "lte"]);
export type FilterOp = z.infer<typeof FilterOp>;

const Scalar = z.union([StorableString().max(1000), z.number().finite()]);
/** A metric, event, tag or property name as queries name it (the database compares it as text). */
const Key = StorableString().min(1).max(200);

export const Filter = z
  .object({
    key: Key,
    op: FilterOp,
    value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
  })
  .superRefine((f, ctx) => {
    const isList = Array.isArray(f.value);
    if (f.op === "exists" || f.op === "not_exists") return;
    if (f.value === undefined) ctx.addIssue({ code: "custom", path: ["value"], message: `'${f.op}' needs a value` });
    else if ((f.op === "in" || f.op === "not_in") && !isList)
      ctx.addIssue({ code: "custom", path: ["value"], message: `'${f.op}' needs a list of values` });
    else if (f.op !== "in" && f.op !== "not_in" && isList)
      ctx.addIssue({ code: "custom", path: ["value"], message: `'${f.op}' needs one value, not a list` });
    else if (["gt", "gte", "lt", "lte"].includes(f.op) && !Number.isFinite(Number(f.value)))
      ctx.addIssue({ code: "custom", path: ["value"], message: `'${f.op}' compares numbers; send a number` });
  });
export type Filter = z.infer<typeof Filter>;

export const RELATIVE_RANGES = ["15m", "1h", "6h", "24h", "7d", "14d", "30d", "90d", "mtd", "ytd", "today", "yesterday"] as const;
/** Any relative range "the last n minutes, hours, days or weeks", e.g. 90m, 8d, 2w. */
export const RelativeDuration = z.string().regex(/^[1-9]\d{0,5}(m|h|d|w)$/, "Use a preset or a duration like 90m, 36h, 8d or 2w");
export const Range = z.union([
  z.enum(RELATIVE_RANGES),
  RelativeDuration,
  z.object({ from: QueryInstant, to: QueryInstant }).refine(({ from, to }) => {
    const [a, b] = [queryInstantMs(from), queryInstantMs(to)];
    return typeof a !== "number" || typeof b !== "number" || a < b;
  }, {
    message: "'from' must be before 'to'",
    path: ["to"],
  }),
]);
export type Range = z.infer<typeof Range>;

export const INTERVALS = ["1m", "5m", "15m", "1h", "6h", "1d", "1w", "auto"] as const;
export const Interval = z.enum(INTERVALS);
export type Interval = z.infer<typeof Interval>;

/** An IANA zone PostgreSQL and Intl both know, in PostgreSQL's spelling (lib/time/time-zones.ts). */
export const Timezone = TimeZone;

/** An offset like "7d", "1w", "24h" or "30m". */
export const Offset = z.string().regex(/^[1-9]\d{0,4}(m|h|d|w)$/, "Use a duration like 1h, 7d or 1w");
export const Compare = z.union([z.literal("previous_period"), z.object({ offset: Offset })]);
export type Compare = z.infer<typeof Compare>;

export const METRIC_TYPES = ["gauge", "counter", "distribution", "set"] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** Which aggregations fit which metric type (and events). */
export const AGGREGATIONS = {
  counter: ["sum", "rate", "per_second", "cumulative"],
  gauge: ["last", "avg", "min", "max", "sum"],
  distribution: ["count", "sum", "avg", "min", "max", "p50", "p75", "p90", "p95", "p99", "histogram"],
  set: ["unique"],
  event: ["count", "unique_users", "sum", "avg"],
} as const;
export type Aggregation = (typeof AGGREGATIONS)[keyof typeof AGGREGATIONS][number];
const ALL_AGGREGATIONS = [...new Set(Object.values(AGGREGATIONS).flat())] as [Aggregation, ...Aggregation[]];
export const AggregationName = z.enum(ALL_AGGREGATIONS);

export const SingleQuery = z.object({
  source: z.enum(["metric", "event"]),
  name: Key,
  aggregation: AggregationName,
  property: Key.optional(),
  filters: z.array(Filter).max(20).optional(),
  groupBy: z.array(Key).max(3).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  range: Range.optional(),
  interval: Interval.optional(),
  timezone: Timezone.optional(),
  compare: Compare.optional(),
});
export type SingleQuery = z.infer<typeof SingleQuery>;

export const QueryName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "Name sub-queries with lower-case letters, e.g. a, b, errors");
const NamedQueries = z
  .record(QueryName, SingleQuery)
  .refine((q) => Object.keys(q).length >= 1 && Object.keys(q).length <= 10, { message: "Send 1 to 10 queries" });

export const FormulaQuery = z.object({
  queries: NamedQueries,
  formula: z.string().min(1).max(500),
  range: Range.optional(),
  interval: Interval.optional(),
  timezone: Timezone.optional(),
  compare: Compare.optional(),
});
export type FormulaQuery = z.infer<typeof FormulaQuery>;

export const MultiQuery = z.object({ queries: NamedQueries });
export type MultiQuery = z.infer<typeof MultiQuery>;

export const QueryRequest = z.union([SingleQuery, FormulaQuery, MultiQuery]);
export type QueryRequest = z.infer<typeof QueryRequest>;

/**
 * Picks the one shape a request means before validating, so that errors name the exact
 * field (`filters.0.op`) instead of "matches none of the union".
 */
export function queryRequestSchema(input: unknown): typeof SingleQuery | typeof FormulaQuery | typeof MultiQuery {
  if (input && typeof input === "object" && "queries" in input) return "formula" in input ? FormulaQuery : MultiQuery;
  return SingleQuery;
}

export const Point = z.tuple([z.number(), z.number().nullable()]);
export type Point = z.infer<typeof Point>;

export const Series = z.object({
  key: z.string(),
  tags: z.record(z.string(), z.string()),
  points: z.array(Point),
  total: z.number().nullable(),
  previous: z.object({ points: z.array(Point), total: z.number().nullable() }).optional(),
  change: z.number().nullable().optional(),
  bucketLow: z.number().optional(),
  bucketHigh: z.number().optional(),
});
export type Series = z.infer<typeof Series>;

export const Tier = z.enum(["raw", "1m", "1h", "1d"]);
export type Tier = z.infer<typeof Tier>;

export const QueryResult = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.string(),
  intervalSeconds: z.number(),
  timezone: z.string(),
  tier: Tier,
  unit: z.string().nullable(),
  series: z.array(Series),
});
export type QueryResult = z.infer<typeof QueryResult>;

export const MultiQueryResult = z.object({ results: z.record(z.string(), QueryResult) });
export type MultiQueryResult = z.infer<typeof MultiQueryResult>;

export type QueryResponse = QueryResult | MultiQueryResult;

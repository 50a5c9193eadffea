import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { listMetrics, type MetricSummary } from "@/lib/catalog/list-metrics";
import { AGGREGATIONS, Filter, Range, Timezone, type Aggregation, type MetricType, type QueryResult, type SingleQuery } from "@/lib/query/model";
export { queryWords } from "../format";
import { runQuery } from "@/lib/query/run-query";
import { StorableString } from "@/lib/validation/text";
import { toolError } from "../tool";

// What the four metric tools share: the schemas of names, filters, ranges and zones as a
// model sees them, the lookup that names unknown metrics with close matches, and the one
// way they run a query.

export const NameInput = StorableString().min(1).max(200);

export const FiltersInput = z
  .array(Filter)
  .max(20)
  .describe(
    'Conditions every data point must meet, combined with AND: { key, op, value }. key is a tag (metrics) or a property (events; "tags.<key>" for event tags; user_id, session_id, environment, service). op: eq, neq, in, not_in (value a list), exists, not_exists (no value), gt, gte, lt, lte (value a number). Example: [{ "key": "country", "op": "eq", "value": "DE" }].',
  );

export const RangeInput = Range.describe(
  'The time range. A preset: "15m", "1h", "6h", "24h", "7d", "14d", "30d", "90d", "today", "yesterday", "mtd" (month to date), "ytd"; any "last n" duration like "90m", "36h", "8d", "2w"; or { "from", "to" } ISO 8601 instants (to exclusive, from before to). Presets end now. Defaults to "7d".',
);

export const TimezoneInput = Timezone.describe(
  'IANA time zone (e.g. "Europe/Berlin") in which days, weeks and months start and "today" is read. Defaults to "UTC".',
);

export const IntervalInput = z
  .enum(["1m", "5m", "15m", "1h", "6h", "1d", "1w", "auto"])
  .describe('Bucket size of the series. "1d" and "1w" are calendar days and ISO weeks (Monday) in the time zone. "auto" (default) keeps a series at ≤ 200 buckets.');

/** The exact runQuery input of an answer, as output schemas state it. */
export const QueryOutput = z.record(z.string(), z.unknown()).describe("The exact runQuery input this answer ran (POST /api/v1/query takes it as is)");

export const RangeOutput = z.object({
  from: z.string().describe("Start, ISO 8601 instant (inclusive)"),
  to: z.string().describe("End, ISO 8601 instant (exclusive)"),
  timezone: z.string(),
});

export const Summary = z.object({
  points: z.array(z.object({ t: z.string(), v: z.number().nullable() })),
  downsampling: z.enum(["none", "mean_of_consecutive_buckets"]),
  bucketsPerPoint: z.number(),
  buckets: z.number(),
  count: z.number(),
  first: z.object({ t: z.string(), v: z.number().nullable() }).nullable(),
  last: z.object({ t: z.string(), v: z.number().nullable() }).nullable(),
  min: z.object({ t: z.string(), v: z.number().nullable() }).nullable(),
  max: z.object({ t: z.string(), v: z.number().nullable() }).nullable(),
  total: z.number().nullable(),
  mean: z.number().nullable(),
});

/** Edit distance, for "did you mean" (names are short; quadratic is fine). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** Up to five known names close to `name`: containing it, contained in it, or a few edits away. */
export function closeMatches(name: string, known: string[]): string[] {
  const n = name.toLowerCase();
  return known
    .map((k) => {
      const l = k.toLowerCase();
      const d = l.includes(n) || n.includes(l) ? 0.5 : distance(n, l);
      return { k, d };
    })
    .filter(({ k, d }) => d <= Math.max(2, Math.floor(Math.max(k.length, name.length) / 3)))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 5)
    .map(({ k }) => k);
}

const unknownMessage = (what: string, name: string, matches: string[], list: string) =>
  `Unknown ${what} "${name}" in this project.${matches.length ? ` Did you mean ${matches.map((m) => `"${m}"`).join(", ")}?` : ""} Call ${list} to see every name.`;

/** The project's metric of that name, or a FluxToolError on `field` suggesting close names. */
export async function findMetric(ctx: Caller, name: string, field = "name"): Promise<MetricSummary> {
  const { metrics } = await listMetrics({ ctx });
  const metric = metrics.find((m) => m.name === name);
  if (!metric) throw toolError(unknownMessage("metric", name, closeMatches(name, metrics.map((m) => m.name)), "list_metrics"), field);
  return metric;
}

/** The project's event name, checked the same way (events have no type; their aggregations are fixed). */
export async function findEventName(ctx: Caller, name: string, field = "name"): Promise<{ name: string; unit: string | null }> {
  const { events } = await listEventNames({ ctx });
  const event = events.find((e) => e.name === name);
  if (!event) throw toolError(unknownMessage("event", name, closeMatches(name, events.map((e) => e.name)), "list_events"), field);
  return event;
}

/** The aggregation a metric type or events get when none is asked for. */
export const DEFAULT_AGGREGATION: Record<MetricType | "event", Aggregation> = { counter: "sum", gauge: "avg", distribution: "p95", set: "unique", event: "count" };

/** The asked aggregation if the type supports it, else a FluxToolError listing those it does. */
export function checkAggregation(kind: MetricType | "event", aggregation: Aggregation | undefined, field = "aggregation"): Aggregation {
  const allowed = AGGREGATIONS[kind] as readonly Aggregation[];
  if (aggregation === undefined) return DEFAULT_AGGREGATION[kind];
  if (!allowed.includes(aggregation)) {
    throw toolError(`${kind === "event" ? "Events aggregate" : `"${aggregation}" does not apply to a ${kind} metric; it aggregates`} by ${allowed.join(", ")}`, field);
  }
  return aggregation;
}

/** runQuery for one SingleQuery (the answer is always one QueryResult). */
export async function runSingleQuery(ctx: Caller, query: SingleQuery): Promise<QueryResult> {
  return (await runQuery({ ctx, input: query })) as QueryResult;
}

export const unitWords = (unit: string | null) => (unit ? `unit: ${unit}` : "no unit (plain numbers/counts)");

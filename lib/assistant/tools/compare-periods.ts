import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { describeMetric } from "@/lib/catalog/describe-metric";
import { AggregationName, Interval, type Aggregation, type QueryResult, type SingleQuery } from "@/lib/query/model";
import { QueryInstant, queryInstantMs } from "@/lib/time/instant";
import { describeRange, formatPercent, formatValue, isoInZone } from "../format";
import { defineTool, toolError, type FluxLinks } from "../tool";
import { compareBuckets, explainByBreakdown, STARTED_RULE, type Side } from "./compare-math";
import { checkAggregation, FiltersInput, findEventName, findMetric, NameInput, QueryOutput, RangeOutput, runSingleQuery, TimezoneInput, queryWords, unitWords } from "./metric-shared";
import { comparisonInterval, MAX_COMPARED_BUCKETS, periodWindows, PERIODS, type PeriodWindows } from "./period-windows";

const SpanInput = z
  .strictObject({ from: QueryInstant.describe("Start, ISO 8601 instant (inclusive)"), to: QueryInstant.describe("End, ISO 8601 instant (exclusive)") })
  .describe("An explicit period");

const SideOutput = z.object({
  range: RangeOutput,
  total: z.number().nullable().describe("The aggregation over the whole period"),
  query: QueryOutput,
  link: z.string(),
});

/** Breakdown values listed by default (the largest contributions to the difference). */
const DEFAULT_BREAKDOWN_VALUES = 5;
/** Groups each side is split into before matching values (runQuery's maximum). */
const BREAKDOWN_GROUPS = 100;

export const comparePeriodsTool = defineTool({
  name: "compare_periods",
  title: "Compare two periods",
  description: `Compares a metric or an event between two periods and explains the change. Use it for "how is X trending this week compared to last", "today vs yesterday", "this month vs last month", "last 7 days vs the 7 before", or two explicit periods (period "custom" with current and previous). Named periods are like-for-like in the time zone: the current period runs up to now and the previous one is cut at the same point (this week = Monday 00:00 to now; last week = Monday 00:00 to the same weekday and time; weeks start on Monday). Returns both totals, the absolute and percent change, a bucket-by-bucket comparison (days, hours for today_vs_yesterday; matched by position; ≤ ${MAX_COMPARED_BUCKETS}), where the change started, and with breakdown the values of a tag (metrics) or property (events) that explain it. ${STARTED_RULE} Breakdown: each side is grouped by the key; each value's difference (current − previous total) and its share of the overall difference (difference ÷ overall difference × 100; negative = worked against the change) are listed, largest absolute difference first; shares add up to 100% only for additive aggregations (sum, count, rate). Every answer states both ranges (ISO instants), the time zone, the unit, each side's exact query and a link to its chart.`,
  input: z.strictObject({
    source: z.enum(["metric", "event"]).optional().describe('"metric" (default) or "event" (product events; list_events)'),
    name: NameInput.describe("The metric's or event's exact name"),
    aggregation: AggregationName.optional().describe("Must suit the metric's type (counter sum/rate/…, gauge avg/last/…, distribution count/p95/…, set unique) or events (count, unique_users, sum, avg). Default: counter sum, gauge avg, distribution p95, set unique, events count"),
    property: NameInput.optional().describe("Events with sum or avg only: the numeric property to read instead of the event's value"),
    filters: FiltersInput.optional(),
    period: z.enum(PERIODS).describe('Which periods: "this_week_vs_last_week", "today_vs_yesterday", "last_7_days_vs_previous_7_days" (7 calendar days including today so far), "this_month_vs_last_month", or "custom" (give current and previous)'),
    current: SpanInput.optional().describe('With period "custom": the current period { from, to }'),
    previous: SpanInput.optional().describe('With period "custom": the period to compare with { from, to }'),
    breakdown: NameInput.optional().describe('A tag key (metrics; describe_metric lists them) or event property ("tags.<key>" for event tags) whose values explain the change'),
    breakdown_limit: z.number().int().min(1).max(20).optional().describe(`Breakdown values to list (default ${DEFAULT_BREAKDOWN_VALUES}, max 20)`),
    interval: Interval.exclude(["auto"]).optional().describe('Bucket size for the bucket-by-bucket comparison; default: days ("1d"), hours for today_vs_yesterday, for custom days when it spans 2 days or more (weeks past 50 days), hours from 2 hours, else minutes (≤ 50 buckets)'),
    timezone: TimezoneInput.optional(),
  }),
  output: z.object({
    source: z.enum(["metric", "event"]),
    name: z.string(),
    aggregation: z.string(),
    unit: z.string().nullable().describe("Unit of every value (null: plain numbers or counts)"),
    period: z.string(),
    range: RangeOutput.describe("The current period"),
    previousRange: RangeOutput,
    interval: z.string(),
    current: SideOutput,
    previous: SideOutput,
    change: z.object({
      absolute: z.number().nullable().describe("current total − previous total"),
      percent: z.number().nullable().describe("Percent change against the previous total; null when that is 0 or missing"),
      direction: z.enum(["up", "down", "flat", "unknown"]),
    }),
    changeStarted: z
      .object({ index: z.number(), bucket: z.string(), previousBucket: z.string(), current: z.number(), previous: z.number(), bucketsSince: z.number() })
      .nullable()
      .describe("The first bucket of the final run in which the current period stays on the side of the change (rule in the description); null when the last bucket is not"),
    buckets: z.array(z.object({ t: z.string(), previousT: z.string(), current: z.number().nullable(), previous: z.number().nullable(), difference: z.number().nullable() })),
    moreBuckets: z.number().describe("Earlier buckets left out of `buckets`"),
    breakdown: z
      .object({
        key: z.string(),
        additive: z.boolean().describe("Whether the values' totals add up to the overall total (sum, count, rate)"),
        values: z.array(z.object({ value: z.string(), current: z.number().nullable(), previous: z.number().nullable(), difference: z.number().nullable(), share: z.number().nullable().describe("Percent of the overall difference") })),
        more: z.number().describe("Values left out"),
      })
      .nullable(),
    query: QueryOutput.describe("The current period's exact runQuery input"),
    link: z.string().describe("Opens the current period's chart in Flux"),
  }),
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    const timezone = input.timezone ?? "UTC";
    const source = input.source ?? "metric";
    const target = source === "metric" ? await findMetric(ctx, input.name) : await findEventName(ctx, input.name);
    const aggregation = checkAggregation(source === "metric" ? (target as Awaited<ReturnType<typeof findMetric>>).type : "event", input.aggregation);
    if (input.property && (source !== "event" || (aggregation !== "sum" && aggregation !== "avg"))) throw toolError("A property is read by events with sum or avg only", "property");
    if (source === "metric" && input.breakdown) await checkTagKey(ctx, input.name, input.breakdown);
    const windows = resolvePeriods(input, timezone);
    const base: SingleQuery = {
      source,
      name: input.name,
      aggregation,
      ...(input.property ? { property: input.property } : {}),
      ...(input.filters?.length ? { filters: input.filters } : {}),
      interval: windows.interval,
      timezone,
    };
    const queryOf = (s: { from: number; to: number }): SingleQuery => ({ ...base, range: { from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() } });
    const [currentQuery, previousQuery] = [queryOf(windows.current), queryOf(windows.previous)];
    const [cur, prev] = [await runSingleQuery(ctx, currentQuery), await runSingleQuery(ctx, previousQuery)];
    const side = (r: QueryResult): Side => ({ points: r.series[0]?.points ?? [], total: r.series[0]?.total ?? null });
    const compared = compareBuckets(side(cur), side(prev));
    let breakdown = null;
    if (input.breakdown) {
      const grouped = (q: SingleQuery) => runSingleQuery(ctx, { ...q, groupBy: [input.breakdown!], limit: BREAKDOWN_GROUPS });
      const [gc, gp] = [await grouped(currentQuery), await grouped(previousQuery)];
      breakdown = { key: input.breakdown, ...explainByBreakdown({ aggregation, current: gc.series, previous: gp.series, overall: compared.absolute, limit: input.breakdown_limit ?? DEFAULT_BREAKDOWN_VALUES }) };
    }
    const structured = answer({ input: { ...input, source, timezone }, aggregation, cur, prev, currentQuery, previousQuery, compared, breakdown, links });
    return { structured, text: describe(structured) };
  },
});

async function checkTagKey(ctx: Caller, name: string, key: string) {
  const { tags } = await describeMetric({ ctx, name });
  if (!tags.some((t) => t.key === key)) {
    throw toolError(`The metric ${name} has no tag "${key}"; its tags are ${tags.length ? tags.map((t) => t.key).join(", ") : "none"}`, "breakdown");
  }
}

function resolvePeriods(input: { period: (typeof PERIODS)[number]; current?: { from: string | number; to: string | number }; previous?: { from: string | number; to: string | number }; interval?: string }, timezone: string): PeriodWindows {
  let windows: PeriodWindows;
  if (input.period === "custom") {
    const span = (field: "current" | "previous") => {
      const s = input[field];
      if (!s) throw toolError(`Period "custom" needs ${field}: { from, to }`, field);
      const [from, to] = [queryInstantMs(s.from) as number, queryInstantMs(s.to) as number];
      if (!(from < to)) throw toolError(`${field}.from must be before ${field}.to`, `${field}.to`);
      return { from, to };
    };
    const current = span("current");
    windows = { current, previous: span("previous"), interval: comparisonInterval(current.to - current.from) };
  } else {
    for (const field of ["current", "previous"] as const) {
      if (input[field]) throw toolError(`${field} is only read with period "custom"; "${input.period}" computes both periods`, field);
    }
    windows = periodWindows(input.period, timezone, Date.now());
  }
  return input.interval ? { ...windows, interval: input.interval as PeriodWindows["interval"] } : windows;
}

type Compared = ReturnType<typeof compareBuckets>;
type Breakdown = ({ key: string } & ReturnType<typeof explainByBreakdown>) | null;

function answer(o: {
  input: { source: "metric" | "event"; name: string; period: string; timezone: string };
  aggregation: Aggregation;
  cur: QueryResult;
  prev: QueryResult;
  currentQuery: SingleQuery;
  previousQuery: SingleQuery;
  compared: Compared;
  breakdown: Breakdown;
  links: FluxLinks;
}) {
  const tz = o.cur.timezone;
  const range = (r: QueryResult) => ({ from: r.from, to: r.to, timezone: r.timezone });
  const sideOut = (r: QueryResult, q: SingleQuery) => ({ range: range(r), total: r.series[0]?.total ?? null, query: q, link: o.links.chart(q) });
  const at = (t: number) => isoInZone(t, tz);
  const rows = o.compared.buckets.map((b) => ({ t: at(b.t), previousT: at(b.previousT), current: b.current, previous: b.previous, difference: b.difference }));
  const shown = rows.slice(-MAX_COMPARED_BUCKETS);
  const started = o.compared.started;
  return {
    source: o.input.source,
    name: o.input.name,
    aggregation: o.aggregation,
    unit: o.cur.unit,
    period: o.input.period,
    range: range(o.cur),
    previousRange: range(o.prev),
    interval: o.cur.interval,
    current: sideOut(o.cur, o.currentQuery),
    previous: sideOut(o.prev, o.previousQuery),
    change: { absolute: o.compared.absolute, percent: o.compared.percent, direction: o.compared.direction },
    changeStarted: started && { ...started, bucket: at(started.bucket), previousBucket: at(started.previousBucket) },
    buckets: shown,
    moreBuckets: rows.length - shown.length,
    breakdown: o.breakdown,
    query: o.currentQuery,
    link: o.links.chart(o.currentQuery),
  };
}

type Answer = ReturnType<typeof answer>;

const weekday = (iso: string, tz: string) => new Intl.DateTimeFormat("en-US", { weekday: "long", timeZone: tz }).format(new Date(iso));

function describe(a: Answer): string {
  const fmt = (v: number | null) => formatValue(v, a.unit);
  const q = a.current.query as SingleQuery;
  const tz = a.range.timezone;
  const lines = [
    `${queryWords(q)} (${a.source}; ${unitWords(a.unit)}), ${a.period.replaceAll("_", " ")}, time zone ${tz}:`,
    `Current: ${fmt(a.current.total)} over ${describeRange(a.range.from, a.range.to, tz)}.`,
    `Previous: ${fmt(a.previous.total)} over ${describeRange(a.previousRange.from, a.previousRange.to, tz)}.`,
    `Change: ${a.change.absolute === null ? "n/a" : `${a.change.absolute >= 0 ? "+" : "−"}${fmt(Math.abs(a.change.absolute))}`} (${formatPercent(a.change.percent)}), ${a.change.direction}.`,
  ];
  const s = a.changeStarted;
  if (s) lines.push(`The change started with the bucket ${s.bucket}${a.interval === "1d" ? ` (${weekday(s.bucket, tz)})` : ""}: from then on every ${a.interval} bucket is ${a.change.direction === "up" ? "above" : "below"} the previous period's matching bucket (${s.bucketsSince} bucket${s.bucketsSince === 1 ? "" : "s"}; at the start ${fmt(s.current)} vs ${fmt(s.previous)}).`);
  else if (a.change.direction === "up" || a.change.direction === "down") lines.push(`No start found: the latest ${a.interval} bucket is not ${a.change.direction === "up" ? "above" : "below"} its match in the previous period.`);
  lines.push(`Per ${a.interval} bucket (current vs previous)${a.moreBuckets ? `, last ${a.buckets.length} of ${a.buckets.length + a.moreBuckets}` : ""}: ${a.buckets.map((b) => `${b.t} ${fmt(b.current)} vs ${fmt(b.previous)}`).join("; ")}`);
  const b = a.breakdown;
  if (b) {
    lines.push(`By ${b.key}${b.additive ? "" : " (not additive: shares need not add up to 100%)"}, largest differences first:`);
    for (const v of b.values) lines.push(`- ${v.value}: ${fmt(v.current)} vs ${fmt(v.previous)}, difference ${v.difference === null ? "n/a" : fmt(v.difference)}, ${v.share === null ? "share n/a" : `${Math.round(v.share * 10) / 10}% of the change`}`);
    if (b.more) lines.push(`… and ${b.more} more values.`);
  }
  lines.push(`Current query: ${JSON.stringify(a.current.query)}`, `Current link: ${a.current.link}`, `Previous query: ${JSON.stringify(a.previous.query)}`, `Previous link: ${a.previous.link}`);
  return lines.join("\n");
}

import { z } from "zod";
import { AggregationName, type SingleQuery } from "@/lib/query/model";
import { describeRange, formatValue, summariseSeries, MAX_SUMMARY_POINTS } from "../format";
import { defineTool } from "../tool";
import {
  checkAggregation,
  FiltersInput,
  findMetric,
  IntervalInput,
  NameInput,
  QueryOutput,
  RangeInput,
  RangeOutput,
  runSingleQuery,
  Summary,
  TimezoneInput,
  queryWords,
  unitWords,
} from "./metric-shared";

/** Groups a grouped answer shows by default (the largest first; the rest add up in "other"). */
const DEFAULT_GROUPS = 10;
/** Points listed in the text: every summary point for the first series, the latest few for the next ones, none past TEXT_SERIES_WITH_POINTS (text stays under 8,000 characters). */
const TEXT_POINTS_OTHERS = 12;
const TEXT_SERIES_WITH_POINTS = 5;

export const queryMetricTool = defineTool({
  name: "query_metric",
  title: "Query a metric",
  description: `Runs one query on a metric over a time range and returns its series: per series the total over the range (a sum for counter sum and counts; for avg, percentiles, unique and gauge last it is that aggregation over the whole range, not a sum of buckets), first/last/min/max buckets and up to ${MAX_SUMMARY_POINTS} points (longer series are downsampled: each point is the mean of consecutive buckets). Use it for "how much / how many / what was X over time"; use compare_periods to compare two periods (this week vs last), describe_metric to learn the tags to filter or group by. Aggregation must suit the metric's type: counter sum/rate/per_second/cumulative, gauge last/avg/min/max/sum, distribution count/sum/avg/min/max/p50/p75/p90/p95/p99/histogram, set unique. group_by splits by up to 3 tags (largest ${DEFAULT_GROUPS} groups by default, up to 20; the rest add up in a group "other"). Every answer states its exact range (ISO instants), time zone, interval and unit, the exact query it ran and a link to the chart in Flux.`,
  input: z.strictObject({
    name: NameInput.describe("The metric's exact name (list_metrics)"),
    aggregation: AggregationName.optional().describe("How buckets and the total are computed; must suit the metric's type (see description). Default: counter sum, gauge avg, distribution p95, set unique"),
    filters: FiltersInput.optional(),
    group_by: z.array(NameInput).max(3).optional().describe("Tag keys to split the series by (describe_metric lists them), at most 3"),
    limit: z.number().int().min(1).max(20).optional().describe(`With group_by: how many of the largest groups to keep (default ${DEFAULT_GROUPS}, max 20); the rest add up in "other"`),
    range: RangeInput.optional(),
    interval: IntervalInput.optional(),
    timezone: TimezoneInput.optional(),
  }),
  output: z.object({
    metric: z.object({ name: z.string(), type: z.string(), unit: z.string().nullable() }),
    aggregation: z.string(),
    unit: z.string().nullable().describe("Unit of every value in this answer (null: plain numbers or counts)"),
    range: RangeOutput,
    interval: z.string(),
    series: z.array(
      z.object({
        key: z.string().describe('"*" for the ungrouped series, else tag=value pairs'),
        tags: z.record(z.string(), z.string()),
        total: z.number().nullable().describe("The aggregation over the whole range"),
        summary: Summary,
      }),
    ),
    otherGroup: z.boolean().describe('Whether a group "other" holds the groups past the limit'),
    query: QueryOutput,
    link: z.string().describe("Opens this chart in Flux"),
  }),
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    const metric = await findMetric(ctx, input.name);
    const aggregation = checkAggregation(metric.type, input.aggregation);
    const query: SingleQuery = {
      source: "metric",
      name: metric.name,
      aggregation,
      ...(input.filters?.length ? { filters: input.filters } : {}),
      ...(input.group_by?.length ? { groupBy: input.group_by, limit: input.limit ?? DEFAULT_GROUPS } : {}),
      range: input.range ?? "7d",
      interval: input.interval ?? "auto",
      timezone: input.timezone ?? "UTC",
    };
    const result = await runSingleQuery(ctx, query);
    const tz = result.timezone;
    const series = result.series.map((s) => ({ key: s.key, tags: s.tags, total: s.total, summary: summariseSeries(s.points, { maxPoints: MAX_SUMMARY_POINTS, timezone: tz }) }));
    const link = links.chart(query);
    const structured = {
      metric: { name: metric.name, type: metric.type, unit: metric.unit },
      aggregation,
      unit: result.unit,
      range: { from: result.from, to: result.to, timezone: tz },
      interval: result.interval,
      series,
      // runQuery appends one group "other" after the `limit` largest when there were more.
      otherGroup: Boolean(query.groupBy?.length) && result.series.length > (query.limit ?? DEFAULT_GROUPS),
      query,
      link,
    };
    const fmt = (v: number | null) => formatValue(v, result.unit);
    const lines = [
      `${queryWords(query)} (${metric.type} metric; ${unitWords(result.unit)})`,
      `Range: ${describeRange(result.from, result.to, tz)}, interval ${result.interval}${result.tier !== "raw" ? ` (read from ${result.tier} rollups)` : ""}.`,
    ];
    if (series.length === 0) lines.push("No data in this range.");
    series.forEach((s, i) => {
      const sm = s.summary;
      const name = s.key === "*" ? "Total" : s.key;
      lines.push(
        `${name}: ${fmt(s.total)} over the range; first ${fmt(sm.first?.v ?? null)}, last ${fmt(sm.last?.v ?? null)} (${sm.last?.t ?? "–"}), min ${fmt(sm.min?.v ?? null)} (${sm.min?.t ?? "–"}), max ${fmt(sm.max?.v ?? null)} (${sm.max?.t ?? "–"}); ${sm.count} of ${sm.buckets} buckets have data.`,
      );
      const pts = i === 0 ? sm.points : i < TEXT_SERIES_WITH_POINTS ? sm.points.slice(-TEXT_POINTS_OTHERS) : [];
      if (pts.length) {
        const how = sm.downsampling === "none" ? "per bucket" : `each the mean of ${sm.bucketsPerPoint} buckets`;
        lines.push(`  points (${how}${pts.length < sm.points.length ? `, last ${pts.length}` : ""}): ${pts.map((p) => `${p.t} ${p.v === null ? "–" : fmt(p.v)}`).join("; ")}`);
      }
    });
    lines.push(`Query: ${JSON.stringify(query)}`, `Link: ${link}`);
    return { structured, text: lines.join("\n") };
  },
});

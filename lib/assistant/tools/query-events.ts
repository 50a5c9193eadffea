import { z } from "zod";
import type { Caller } from "@/lib/auth/caller";
import { listEventNames } from "@/lib/catalog/list-event-names";
import { RelativeDuration, type MultiQuery, type MultiQueryResult, type SingleQuery } from "@/lib/query/model";
import { offsetToMs } from "@/lib/query/resolve-range";
import { runQuery } from "@/lib/query/run-query";
import { eventConversion } from "../conversion";
import { describeRange, formatPercent, formatValue, summariseSeries } from "../format";
import { defineTool, toolError, type FluxLinks } from "../tool";
import { EventNameInput, FiltersInput, IntervalInput, optional, RangeInput, TimeRangeOutput, TimezoneInput, withDefault } from "./tool-inputs";
import { SeriesSummaryOutput } from "./series-output";

const MEASURES = ["count", "unique_users", "sum", "avg"] as const;
const MAX_WITHIN_MS = 366 * 86_400_000;

const Input = z
  .object({
    event: EventNameInput,
    measure: z
      .enum(MEASURES)
      .default("count")
      .describe("count: events; unique_users: distinct user_id; sum / avg: of `property` (a numeric property) or, without one, of the event's own value"),
    property: z.string().min(1).max(200).optional().describe("Numeric property read by sum and avg (e.g. \"amount\"); omit to use the event's value"),
    filters: optional(FiltersInput),
    breakdown: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("Split by this property (or user_id, session_id, environment, service, tags.<key>): the top `limit` values, the rest as one \"other\" row"),
    limit: z.number().int().min(1).max(20).default(10).describe("Breakdown values kept (1-20, default 10)"),
    range: withDefault(RangeInput, "7d"),
    interval: withDefault(IntervalInput, "auto"),
    timezone: withDefault(TimezoneInput, "UTC"),
    compare_previous: z.boolean().default(false).describe("Also answer the previous period of the same length and the percent change (not in conversion mode)"),
    conversion: z
      .object({
        to_event: EventNameInput.describe("The event users should do after `event`, e.g. \"purchase\""),
        within: RelativeDuration.refine((d) => offsetToMs(d) <= MAX_WITHIN_MS, "A conversion window is at most 366 days")
          .optional()
          .describe("The second event must follow the first within this long (\"30m\", \"24h\", \"7d\", \"2w\"); omit: any time before the range ends"),
        to_filters: optional(FiltersInput),
      })
      .strict()
      .optional()
      .describe("Conversion mode: users (by user_id) whose first `event` in the range was followed by `to_event`; breakdown then splits by the property of that first event, filters apply to `event`; measure, property, interval and compare_previous are not used"),
  })
  .strict();

const Row = z.object({
  value: z.string().nullable().describe("breakdown value; null: events without the property"),
  other: z.boolean().describe("true for the row folding all values past the top `limit`"),
});

const Output = z.object({
  mode: z.enum(["aggregate", "conversion"]),
  event: z.string(),
  measure: z.enum([...MEASURES, "conversion"]),
  range: TimeRangeOutput,
  unit: z.string().nullable().describe("unit of every number (events, users, the value's unit, or % for rates)"),
  total: z.number().nullable().describe("over the whole range; for conversion the rate in %"),
  previousTotal: z.number().nullable().optional(),
  changePercent: z.number().nullable().optional(),
  series: SeriesSummaryOutput.optional().describe("the whole range's buckets, summarised (aggregate mode)"),
  breakdown: z.array(Row.extend({ total: z.number().nullable(), changePercent: z.number().nullable().optional() })).optional(),
  conversion: z
    .object({
      toEvent: z.string(),
      within: z.string().nullable(),
      startedUsers: z.number(),
      convertedUsers: z.number(),
      ratePercent: z.number().nullable(),
      breakdown: z.array(Row.extend({ startedUsers: z.number(), convertedUsers: z.number(), ratePercent: z.number().nullable() })),
    })
    .optional(),
  query: z.record(z.string(), z.unknown()).describe("the exact query run (a runQuery request; for conversion its parameters)"),
  link: z.string(),
});

type Input = z.output<typeof Input>;

async function checkEventNames(ctx: Caller, names: [string, string][]): Promise<string | null> {
  const { events } = await listEventNames({ ctx });
  for (const [field, name] of names) {
    if (!events.some((e) => e.name === name)) throw toolError(`${field}: unknown event "${name}" in this project; list_events shows the names`, field);
  }
  return events.find((e) => e.name === names[0][1])?.unit ?? null;
}

function unitOf(input: Input, valueUnit: string | null): string | null {
  if (input.measure === "count") return "events";
  if (input.measure === "unique_users") return "users";
  return input.property ? null : valueUnit;
}

export const queryEventsTool = defineTool({
  name: "query_events",
  title: "Query events",
  description:
    "Answers questions about one tracked event over a time range: how many (count), how many distinct users (unique_users), or the sum / average of a numeric property or of the event's value; optionally split by a property (top values plus \"other\"), filtered, compared with the previous period, in a time zone. With `conversion` it answers a funnel step instead: of the users who did `event`, how many then did `conversion.to_event` (optionally within a time window), the conversion rate in %, per breakdown value. States the range (ISO instants), zone and units; returns the exact query and a link to the chart in Flux. Get exact event names from list_events.",
  input: Input,
  output: Output,
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    if (input.property && input.measure !== "sum" && input.measure !== "avg") throw toolError("property: a property is read by sum and avg only; drop it or use measure sum/avg", "property");
    if (input.conversion) return conversionAnswer(ctx, input, links);
    const valueUnit = await checkEventNames(ctx, [["event", input.event]]);
    const base: SingleQuery = {
      source: "event",
      name: input.event,
      aggregation: input.measure,
      range: input.range,
      interval: input.interval,
      ...(input.timezone !== "UTC" ? { timezone: input.timezone } : {}),
      ...(input.property ? { property: input.property } : {}),
      ...(input.filters?.length ? { filters: input.filters } : {}),
      ...(input.compare_previous ? { compare: "previous_period" as const } : {}),
    };
    const query: MultiQuery = { queries: { total: base } };
    if (input.breakdown) query.queries.breakdown = { ...base, groupBy: [input.breakdown], limit: input.limit };
    const { results } = (await runQuery({ ctx, input: query })) as MultiQueryResult;
    const whole = results.total;
    const unit = unitOf(input, valueUnit);
    const s = whole.series[0];
    const grouped = results.breakdown?.series ?? [];
    const breakdown = input.breakdown
      ? grouped.map((g, i) => {
          // runQuery puts the folded rest last, once there are more values than the limit.
          const other = grouped.length > input.limit && i === grouped.length - 1;
          const value = g.tags[input.breakdown!];
          return {
            value: other || value === undefined || value === "(none)" ? null : value,
            other,
            total: g.total,
            ...(input.compare_previous ? { changePercent: g.change ?? null } : {}),
          };
        })
      : undefined;
    const structured = {
      mode: "aggregate" as const,
      event: input.event,
      measure: input.measure,
      range: { from: whole.from, to: whole.to, timezone: whole.timezone, interval: whole.interval },
      unit,
      total: s?.total ?? null,
      ...(input.compare_previous ? { previousTotal: s?.previous?.total ?? null, changePercent: s?.change ?? null } : {}),
      series: summariseSeries(s?.points ?? [], { timezone: whole.timezone }),
      ...(breakdown ? { breakdown } : {}),
      query,
      link: links.chart(input.breakdown ? { queries: { breakdown: query.queries.breakdown } } : { queries: { total: base } }),
    };
    const what = `${input.measure}${input.property ? ` of ${input.property}` : input.measure === "sum" || input.measure === "avg" ? " of value" : ""}`;
    const lines = [
      `${input.event} ${what}${input.filters?.length ? ` (filtered)` : ""} in ${describeRange(whole.from, whole.to, whole.timezone)}, ${whole.interval} buckets: ${formatValue(structured.total, unit)}` +
        (input.compare_previous ? ` (previous period ${formatValue(structured.previousTotal, unit)}, ${formatPercent(structured.changePercent)})` : ""),
    ];
    const sum = structured.series;
    if (sum.count > 0) {
      lines.push(`Buckets: first ${sum.first!.t} ${formatValue(sum.first!.v, unit)}, last ${sum.last!.t} ${formatValue(sum.last!.v, unit)}, min ${formatValue(sum.min!.v, unit)} at ${sum.min!.t}, max ${formatValue(sum.max!.v, unit)} at ${sum.max!.t}.`);
      lines.push(`Points${sum.bucketsPerPoint > 1 ? ` (means of ${sum.bucketsPerPoint} buckets)` : ""}: ${sum.points.map((p) => `${p.t} ${p.v ?? "–"}`).join("; ")}`);
    }
    if (breakdown) {
      lines.push(`By ${input.breakdown}:`);
      if (breakdown.length === 0) lines.push("  no events in the range");
      for (const b of breakdown) {
        lines.push(`  - ${b.other ? "(other values)" : (b.value ?? "(none)")}: ${formatValue(b.total, unit)}${input.compare_previous ? ` (${formatPercent(b.changePercent)})` : ""}`);
      }
    }
    lines.push(`Query: ${JSON.stringify(query)}`, `Chart: ${structured.link}`);
    return { structured, text: lines.join("\n") };
  },
});

async function conversionAnswer(ctx: Caller, input: Input, links: FluxLinks) {
  const c = input.conversion!;
  await checkEventNames(ctx, [["event", input.event], ["conversion.to_event", c.to_event]]);
  const params = {
    from: { name: input.event, ...(input.filters?.length ? { filters: input.filters } : {}) },
    to: { name: c.to_event, ...(c.to_filters?.length ? { filters: c.to_filters } : {}) },
    range: input.range,
    timezone: input.timezone,
    ...(c.within ? { within: c.within } : {}),
    ...(input.breakdown ? { breakdown: input.breakdown } : {}),
    limit: input.limit,
  };
  const r = await eventConversion({ ctx, input: params });
  // The chart shows both steps' users over the same range.
  const step = (name: string, filters?: typeof input.filters): SingleQuery => ({
    source: "event",
    name,
    aggregation: "unique_users",
    range: input.range,
    ...(input.timezone !== "UTC" ? { timezone: input.timezone } : {}),
    ...(filters?.length ? { filters } : {}),
  });
  const structured = {
    mode: "conversion" as const,
    event: input.event,
    measure: "conversion" as const,
    range: { from: r.from, to: r.to, timezone: r.timezone },
    unit: "%",
    total: r.rate,
    conversion: {
      toEvent: c.to_event,
      within: r.within,
      startedUsers: r.started,
      convertedUsers: r.converted,
      ratePercent: r.rate,
      breakdown: r.breakdown.map((b) => ({ value: b.value, other: b.other, startedUsers: b.started, convertedUsers: b.converted, ratePercent: b.rate })),
    },
    query: { conversion: params },
    link: links.chart({ queries: { started: step(input.event, input.filters), converted: step(c.to_event, c.to_filters) } }),
  };
  const rate = (n: number | null) => (n === null ? "n/a (nobody started)" : `${Number(n.toFixed(2))}%`);
  const lines = [
    `Conversion ${input.event} → ${c.to_event}${c.within ? ` within ${c.within}` : ""} in ${describeRange(r.from, r.to, r.timezone)} (users by user_id, from each user's first ${input.event}): ` +
      `${r.started} users did ${input.event}, ${r.converted} then did ${c.to_event}: ${rate(r.rate)}.`,
  ];
  if (input.breakdown) {
    lines.push(`By ${input.breakdown} of the first ${input.event}:`);
    for (const b of structured.conversion.breakdown) {
      lines.push(`  - ${b.other ? "(other values)" : (b.value ?? "(none)")}: ${b.convertedUsers} of ${b.startedUsers} users, ${rate(b.ratePercent)}`);
    }
  }
  lines.push(`Query: ${JSON.stringify(structured.query)}`, `Chart (users of each step): ${structured.link}`);
  return { structured, text: lines.join("\n") };
}

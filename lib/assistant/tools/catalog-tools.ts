import { z } from "zod";
import { describeMetric } from "@/lib/catalog/describe-metric";
import { listMetrics } from "@/lib/catalog/list-metrics";
import { AGGREGATIONS, METRIC_TYPES } from "@/lib/query/model";
import { defineTool } from "../tool";
import { DEFAULT_AGGREGATION, findMetric, NameInput } from "./metric-shared";

// list_metrics and describe_metric: what a project measures, before anything is queried.

const direction = (h: boolean | null) => (h === null ? "not set" : h ? "higher is better" : "lower is better");

const MetricRow = z.object({
  name: z.string(),
  type: z.enum(METRIC_TYPES),
  unit: z.string().nullable(),
  displayName: z.string().nullable(),
  description: z.string().nullable(),
  higherIsBetter: z.boolean().nullable().describe("Whether a rise is good news; null when nobody said"),
  lastSeenAt: z.string().describe("ISO 8601 instant (UTC) of the latest data"),
  seriesCount: z.number().describe("Distinct tag sets"),
  aggregations: z.array(z.string()).describe("Aggregations query_metric accepts for this type"),
});

export const listMetricsTool = defineTool({
  name: "list_metrics",
  title: "List metrics",
  description:
    "Lists the project's metrics (numeric time series such as latency or revenue; not product events — use list_events for those): name, type (counter, gauge, distribution, set), unit, display name, description, good direction (higherIsBetter), when data last arrived (UTC) and the aggregations each type supports. Start here when you do not know the exact metric name. Optional `search` keeps names, display names and descriptions containing it (case-insensitive). Sorted by name, at most `limit` (default 50, max 200); `more` says how many were left out.",
  input: z.strictObject({
    search: z.string().max(200).optional().describe("Keep only metrics whose name, display name or description contains this text (case-insensitive)"),
    limit: z.number().int().min(1).max(200).optional().describe("Most metrics to return (default 50, max 200)"),
  }),
  output: z.object({
    metrics: z.array(MetricRow),
    total: z.number().describe("Metrics matching the search"),
    more: z.number().describe("Matching metrics left out by the limit"),
  }),
  permission: "read",
  writes: false,
  async run({ ctx, input }) {
    const limit = input.limit ?? 50;
    const needle = input.search?.trim().toLowerCase() ?? "";
    const { metrics } = await listMetrics({ ctx });
    const matching = needle ? metrics.filter((m) => [m.name, m.displayName, m.description].some((t) => t?.toLowerCase().includes(needle))) : metrics;
    const shown = matching.slice(0, limit).map((m) => ({ ...m, aggregations: [...AGGREGATIONS[m.type]] }));
    const more = matching.length - shown.length;
    const lines = shown.map(
      (m) =>
        `- ${m.name} (${m.type}${m.unit ? `, ${m.unit}` : ""})${m.displayName ? ` “${m.displayName}”` : ""}: ${direction(m.higherIsBetter)}; last seen ${m.lastSeenAt}; ${m.seriesCount} series; aggregations ${m.aggregations.join("/")} (default ${DEFAULT_AGGREGATION[m.type]})${m.description ? ` — ${m.description}` : ""}`,
    );
    const head = matching.length === 0 ? (needle ? `No metric matches "${input.search}".` : "This project has no metrics yet.") : `${matching.length} metric${matching.length === 1 ? "" : "s"}${needle ? ` matching "${input.search}"` : ""}:`;
    const tail = more > 0 ? `\n… and ${more} more (raise limit or narrow search).` : "";
    return { structured: { metrics: shown, total: matching.length, more }, text: `${head}\n${lines.join("\n")}${tail}` };
  },
});

/** Tag keys and values a model is shown per metric. */
const MAX_TAG_KEYS = 20;
const MAX_TAG_VALUES = 10;

export const describeMetricTool = defineTool({
  name: "describe_metric",
  title: "Describe a metric",
  description:
    "Everything about one metric before querying it: type, unit, good direction (higherIsBetter), display name, description, last seen (UTC), number of series, the aggregations its type supports, and its tag keys with how many values each has and the most common values (by series) — the keys you can filter or group by in query_metric and compare_periods. An unknown name fails with close matches suggested.",
  input: z.strictObject({
    name: NameInput.describe("The metric's exact name, as list_metrics gives it"),
  }),
  output: z.object({
    name: z.string(),
    type: z.enum(METRIC_TYPES),
    unit: z.string().nullable(),
    displayName: z.string().nullable(),
    description: z.string().nullable(),
    higherIsBetter: z.boolean().nullable(),
    lastSeenAt: z.string(),
    seriesCount: z.number(),
    aggregations: z.array(z.string()),
    defaultAggregation: z.string(),
    tags: z.array(
      z.object({
        key: z.string(),
        distinctCount: z.number().describe("Different values of the key across all series"),
        topValues: z.array(z.object({ value: z.string(), series: z.number() })).describe(`Most common values first, at most ${MAX_TAG_VALUES}`),
      }),
    ),
    moreTagKeys: z.number().describe("Tag keys left out"),
    link: z.string().describe("The metric's page in Flux"),
  }),
  permission: "read",
  writes: false,
  async run({ ctx, input, links }) {
    await findMetric(ctx, input.name);
    const m = await describeMetric({ ctx, name: input.name });
    const tags = m.tags.slice(0, MAX_TAG_KEYS).map((t) => ({ key: t.key, distinctCount: t.distinctCount, topValues: t.values.slice(0, MAX_TAG_VALUES).map((v) => ({ value: v.value, series: v.count })) }));
    const structured = {
      name: m.name,
      type: m.type,
      unit: m.unit,
      displayName: m.displayName,
      description: m.description,
      higherIsBetter: m.higherIsBetter,
      lastSeenAt: m.lastSeenAt,
      seriesCount: m.seriesCount,
      aggregations: [...AGGREGATIONS[m.type]],
      defaultAggregation: DEFAULT_AGGREGATION[m.type],
      tags,
      moreTagKeys: Math.max(0, m.tags.length - MAX_TAG_KEYS),
      link: links.catalog("metric", m.name),
    };
    const tagLines = tags.map((t) => `- ${t.key} (${t.distinctCount} value${t.distinctCount === 1 ? "" : "s"}): ${t.topValues.map((v) => `${v.value} (${v.series})`).join(", ")}${t.distinctCount > t.topValues.length ? ", …" : ""}`);
    const text = [
      `Metric ${m.name}${m.displayName ? ` “${m.displayName}”` : ""}: ${m.type}, ${m.unit ? `unit ${m.unit}` : "no unit"}, ${direction(m.higherIsBetter)}.`,
      m.description ? `Description: ${m.description}` : null,
      `Last seen ${m.lastSeenAt} (UTC); ${m.seriesCount} series.`,
      `Aggregations: ${structured.aggregations.join(", ")} (default ${structured.defaultAggregation}).`,
      tags.length ? `Tags (values with their series count):\n${tagLines.join("\n")}` : "No tags.",
      structured.moreTagKeys ? `… and ${structured.moreTagKeys} more tag keys.` : null,
      `Link: ${structured.link}`,
    ].filter(Boolean);
    return { structured, text: text.join("\n") };
  },
});

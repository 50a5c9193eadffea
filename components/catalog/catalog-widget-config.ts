import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";
import type { Aggregation, MetricType } from "@/lib/query/model";

// What the catalog draws for a metric or event, and what "Add to dashboard" appends: one pure
// description shared by the detail page's chart and the server action, so both show the same.

export type CatalogKind = MetricType | "event";

/** Ranges the detail page offers; the chart opens on the first week. */
export const CATALOG_RANGES = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
] as const;
export type CatalogRange = (typeof CATALOG_RANGES)[number]["value"];

/**
 * The range the chart opens on: the shortest of a day, a week, a month or a quarter that
 * reaches back to when the metric or event was last seen, so its latest data shows at once.
 */
export function defaultCatalogRange(lastSeenAt: string | null, now = Date.now()): CatalogRange {
  const age = lastSeenAt ? now - Date.parse(lastSeenAt) : NaN;
  if (!Number.isFinite(age)) return "7d";
  const day = 86_400_000;
  if (age <= day) return "24h";
  if (age <= 7 * day) return "7d";
  return age <= 30 * day ? "30d" : "90d";
}

export function isCatalogRange(value: string): value is CatalogRange {
  return CATALOG_RANGES.some((r) => r.value === value);
}

/**
 * The aggregations that describe a kind at a glance: a counter's sum, a gauge's average, a
 * distribution's p95 beside its average (the tail and the middle), a set's distinct members,
 * an event's count.
 */
export function catalogAggregations(kind: CatalogKind): Aggregation[] {
  switch (kind) {
    case "counter":
      return ["sum"];
    case "gauge":
      return ["avg"];
    case "distribution":
      return ["p95", "avg"];
    case "set":
      return ["unique"];
    case "event":
      return ["count"];
  }
}

/** Series shown per query when the chart is split by a tag or property: the largest ones. */
export const BREAKDOWN_LIMIT = 10;

/**
 * Widget titles hold 120 UTF-16 units; a longer display name is cut with an ellipsis, never
 * inside a surrogate pair.
 */
export function widgetTitleFor(title: string): string {
  const whole = title.trim();
  if (whole.length <= 120) return whole;
  let cut = "";
  for (const char of whole) {
    if (cut.length + char.length > 119) break;
    cut += char;
  }
  return `${cut}…`;
}

function queryFor(options: { kind: CatalogKind; name: string; aggregation: Aggregation; groupBy: string | null; labelled: boolean }): WidgetQuery {
  const { kind, name, aggregation, groupBy, labelled } = options;
  return {
    source: kind === "event" ? "event" : "metric",
    name,
    aggregation,
    filters: [],
    groupBy: groupBy ? [groupBy] : [],
    ...(groupBy ? { limit: BREAKDOWN_LIMIT } : {}),
    // Two lines of one metric (p95 and avg) are told apart by their aggregation.
    ...(labelled ? { label: aggregation } : {}),
  };
}

/** A line graph of the metric or event, split by one tag or property when `groupBy` is set. */
export function catalogGraphConfig(options: { kind: CatalogKind; name: string; title: string; groupBy?: string | null }): ConfigOf<"graph"> {
  const aggregations = catalogAggregations(options.kind);
  return {
    type: "graph",
    title: widgetTitleFor(options.title),
    queries: aggregations.map((aggregation) => queryFor({ ...options, aggregation, groupBy: options.groupBy ?? null, labelled: aggregations.length > 1 })),
    style: "line",
    compare: false,
  };
}

/**
 * One number with its change against the previous period, coloured the way the catalog says
 * the metric should move (a rise is good news unless the catalog says lower is better).
 */
export function catalogNumberConfig(options: { kind: CatalogKind; name: string; title: string; higherIsBetter: boolean | null }): ConfigOf<"number"> {
  const [aggregation] = catalogAggregations(options.kind);
  return {
    type: "number",
    title: widgetTitleFor(options.title),
    query: queryFor({ kind: options.kind, name: options.name, aggregation, groupBy: null, labelled: false }),
    higherIsBetter: options.higherIsBetter ?? true,
    thresholds: [],
  };
}

/** "higher" | "lower" | "" (not set), as the direction select sends it, and back. */
export function directionOf(higherIsBetter: boolean | null): "higher" | "lower" | "" {
  return higherIsBetter === null ? "" : higherIsBetter ? "higher" : "lower";
}

/** The select's value as stored; undefined for anything the select cannot send. */
export function higherIsBetterOf(direction: string): boolean | null | undefined {
  if (direction === "higher") return true;
  if (direction === "lower") return false;
  return direction === "" ? null : undefined;
}

/** The detail page of a metric or event: names are one URL path segment each. */
export function catalogHref(projectId: string, kind: "metric" | "event", name: string): string {
  return `/projects/${projectId}/catalog/${kind === "event" ? "events" : "metrics"}/${encodeURIComponent(name)}`;
}

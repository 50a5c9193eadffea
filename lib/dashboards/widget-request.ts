import type { Interval, MultiQuery, SingleQuery } from "@/lib/query/model";
import type { WidgetConfig, WidgetQuery, WidgetRange } from "./schema";
import { intervalFits } from "./view-state";

/** Sub-query names in a widget request, in the order of the widget's queries. */
export const QUERY_NAMES = ["a", "b", "c", "d", "e"];

export function widgetQueries(config: WidgetConfig): WidgetQuery[] {
  return "queries" in config ? config.queries : [config.query];
}

function query(q: WidgetQuery, range: WidgetRange, extra: Partial<SingleQuery>, interval: Interval): SingleQuery {
  const out: SingleQuery = { source: q.source, name: q.name, aggregation: q.aggregation, range, interval, ...extra };
  if (q.property) out.property = q.property;
  if (q.filters.length) out.filters = q.filters;
  if (q.groupBy.length) out.groupBy = q.groupBy;
  if (q.limit) out.limit = q.limit;
  return out;
}

/**
 * What a widget asks the query engine: always the several-queries form, so every widget
 * reads `{ results: { a, b, … } }`. The widget's own range wins over the dashboard's; the
 * dashboard's interval applies where it fits that range (else "auto"), except to the
 * hour-of-week heatmap, which needs hours.
 */
export function widgetRequest(config: WidgetConfig, dashboardRange: WidgetRange, timezone = "UTC", dashboardInterval: Interval = "auto"): MultiQuery {
  const range = config.range ?? dashboardRange;
  const zone: Partial<SingleQuery> = timezone === "UTC" ? {} : { timezone };
  const chosen = intervalFits(range, dashboardInterval) ? dashboardInterval : "auto";
  const single = (q: WidgetQuery, r: WidgetRange, extra: Partial<SingleQuery>) => query(q, r, extra, chosen);
  const queries: Record<string, SingleQuery> = {};
  switch (config.type) {
    case "number":
      queries.a = single({ ...config.query, groupBy: [] }, range, { compare: "previous_period", ...zone });
      break;
    case "graph":
      config.queries.forEach((q, i) => {
        queries[QUERY_NAMES[i]] = single(q, range, config.compare ? { compare: "previous_period", ...zone } : zone);
      });
      break;
    case "table": {
      // Every column is grouped like the first, so rows line up by series key.
      const groupBy = config.queries[0].groupBy;
      const limit = config.queries[0].limit;
      config.queries.forEach((q, i) => {
        queries[QUERY_NAMES[i]] = single({ ...q, groupBy, limit }, range, zone);
      });
      break;
    }
    case "heatmap":
      queries.a =
        config.mode === "distribution"
          ? single({ ...config.query, aggregation: "histogram", groupBy: [] }, range, zone)
          : single({ ...config.query, groupBy: [] }, range, { interval: "1h", ...zone });
      break;
    default:
      queries.a = single(config.query, range, zone);
  }
  return { queries };
}

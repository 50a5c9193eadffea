import type { ConfigOf, WidgetConfig, WidgetQuery } from "@/lib/dashboards/schema";
import type { QueryRequest, QueryResponse, QueryResult, SingleQuery } from "@/lib/query/model";
import { widgetTitleFor } from "@/components/catalog/catalog-widget-config";

// What the explore page draws for any runQuery input: the existing widget renderers fed with
// the answer the server already computed (a graph of the series, or one number for a total).

/** A graph widget holds at most this many queries. */
export const EXPLORE_MAX_QUERIES = 5;

export interface ExploreView {
  config: WidgetConfig;
  results: QueryResult[];
  /** Sub-queries of a multi-query left out of the graph. */
  omitted: number;
}

const widgetQuery = (q: SingleQuery, label?: string): WidgetQuery => ({
  source: q.source,
  name: q.name,
  aggregation: q.aggregation,
  ...(q.property ? { property: q.property } : {}),
  filters: q.filters ?? [],
  groupBy: q.groupBy ?? [],
  ...(q.limit ? { limit: q.limit } : {}),
  ...(label ? { label } : {}),
});

const isSingle = (q: QueryRequest): q is SingleQuery => !("queries" in q);

/**
 * One total (one ungrouped series of at most one bucket) is a number widget; anything else a
 * line graph, with the previous period overlaid when the query compared.
 */
export function exploreView(query: QueryRequest, response: QueryResponse, title: string): ExploreView {
  const name = widgetTitleFor(title);
  if ("results" in response) {
    const entries = Object.entries(response.results);
    const shown = entries.slice(0, EXPLORE_MAX_QUERIES);
    const queries = (query as { queries: Record<string, SingleQuery> }).queries;
    const config: ConfigOf<"graph"> = { type: "graph", title: name, queries: shown.map(([key]) => widgetQuery(queries[key], key)), style: "line", compare: false };
    return { config, results: shown.map(([, r]) => r), omitted: entries.length - shown.length };
  }
  if (!isSingle(query)) {
    if (!("formula" in query)) throw new Error("A multi-query answers several results");
    // A formula answers one series set; it is labelled by its formula, read as its first query.
    const [first] = Object.values(query.queries);
    const config: ConfigOf<"graph"> = { type: "graph", title: name, queries: [widgetQuery({ ...first, filters: [], groupBy: [] }, query.formula.slice(0, 80))], style: "line", compare: Boolean(query.compare) };
    return { config, results: [response], omitted: 0 };
  }
  const single = response.series.length <= 1 && !query.groupBy?.length && (response.series[0]?.points.length ?? 0) <= 1;
  if (single) {
    const config: ConfigOf<"number"> = { type: "number", title: name, query: widgetQuery(query), higherIsBetter: true, thresholds: [] };
    return { config, results: [response], omitted: 0 };
  }
  const config: ConfigOf<"graph"> = { type: "graph", title: name, queries: [widgetQuery(query)], style: "line", compare: Boolean(query.compare) };
  return { config, results: [response], omitted: 0 };
}

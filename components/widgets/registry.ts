import type { WidgetConfig, WidgetQuery, WidgetType } from "@/lib/dashboards/schema";
import { NumberOptions, NumberWidget } from "./number-widget";
import { GraphOptions, GraphWidget } from "./graph-widget";
import { BarOptions, BarWidget } from "./bar-widget";
import { PieOptions, PieWidget } from "./pie-widget";
import { TableOptions, TableWidget } from "./table-widget";
import { HeatmapOptions, HeatmapWidget } from "./heatmap-widget";
import type { AnyWidgetDefinition, WidgetDefinition } from "./types";

// type → renderer, options form and default size. A stored widget of a type this build does
// not know renders as UnknownWidget (see widget-card) instead of breaking the dashboard.
const definitions: { [T in WidgetType]: WidgetDefinition<T> } = {
  number: {
    type: "number",
    label: "Number",
    description: "One value with its change against the previous period and a sparkline",
    Renderer: NumberWidget,
    Options: NumberOptions,
    defaultSize: { w: 3, h: 2 },
    fromQuery: (query, title) => ({ type: "number", title, query: { ...query, groupBy: [] }, higherIsBetter: true, thresholds: [] }),
  },
  graph: {
    type: "graph",
    label: "Graph",
    description: "Time series: lines, areas or stacked, with the previous period overlaid",
    Renderer: GraphWidget,
    Options: GraphOptions,
    defaultSize: { w: 6, h: 4 },
    fromQuery: (query, title) => ({ type: "graph", title, queries: [query], style: "line", compare: false }),
    multiQuery: true,
  },
  bar: {
    type: "bar",
    label: "Bar",
    description: "Top groups of a tag or property, compared",
    Renderer: BarWidget,
    Options: BarOptions,
    defaultSize: { w: 4, h: 4 },
    fromQuery: (query, title) => ({ type: "bar", title, query, orientation: "horizontal" }),
    wantsGroupBy: true,
  },
  pie: {
    type: "pie",
    label: "Pie",
    description: "How a total breaks down by a tag or property",
    Renderer: PieWidget,
    Options: PieOptions,
    defaultSize: { w: 4, h: 4 },
    fromQuery: (query, title) => ({ type: "pie", title, query, donut: true }),
    wantsGroupBy: true,
  },
  table: {
    type: "table",
    label: "Table",
    description: "A sortable leaderboard with several columns and totals",
    Renderer: TableWidget,
    Options: TableOptions,
    defaultSize: { w: 6, h: 4 },
    fromQuery: (query, title) => ({ type: "table", title, queries: [query] }),
    wantsGroupBy: true,
    multiQuery: true,
  },
  heatmap: {
    type: "heatmap",
    label: "Heatmap",
    description: "Hour of day × day of week, or time × value buckets for distributions",
    Renderer: HeatmapWidget,
    Options: HeatmapOptions,
    defaultSize: { w: 6, h: 4 },
    fromQuery: (query, title) => ({ type: "heatmap", title, query: { ...query, groupBy: [] }, mode: "week_hours" }),
  },
};

export const WIDGETS = Object.values(definitions) as AnyWidgetDefinition[];

export function widgetDefinition(type: string): AnyWidgetDefinition | null {
  return (definitions as Record<string, AnyWidgetDefinition>)[type] ?? null;
}

/** Switches a config to another type, keeping its title and (first) query. */
export function convertConfig(config: WidgetConfig, type: WidgetType): WidgetConfig {
  const query: WidgetQuery = "queries" in config ? config.queries[0] : config.query;
  const next = definitions[type].fromQuery(query, config.title) as WidgetConfig;
  if ("queries" in config && "queries" in next && definitions[type].multiQuery) return { ...next, queries: config.queries } as WidgetConfig;
  return { ...next, range: config.range, unit: config.unit } as WidgetConfig;
}

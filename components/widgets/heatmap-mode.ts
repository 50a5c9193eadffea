import type { ConfigOf, WidgetQuery } from "@/lib/dashboards/schema";

type HeatmapConfig = ConfigOf<"heatmap">;

/**
 * A heatmap's pattern and its aggregation go together: value buckets over time need the
 * `histogram` aggregation (the query asks for it in that mode whatever was picked), and
 * hour × weekday cells cannot show a histogram. Picking one side moves the other along, so
 * the editor never shows a pattern and an aggregation that contradict each other.
 */
export function withHeatmapQuery(config: HeatmapConfig, query: WidgetQuery): HeatmapConfig {
  if (query.aggregation === "histogram") return { ...config, query, mode: "distribution" };
  const leftHistogram = config.query.aggregation === "histogram" && query.name === config.query.name;
  if (config.mode === "distribution" && leftHistogram) return { ...config, query, mode: "week_hours" };
  return { ...config, query };
}

export function withHeatmapMode(config: HeatmapConfig, mode: HeatmapConfig["mode"]): HeatmapConfig {
  if (mode === "distribution") return { ...config, mode, query: { ...config.query, aggregation: "histogram" } };
  if (config.query.aggregation === "histogram") return { ...config, mode, query: { ...config.query, aggregation: "count" } };
  return { ...config, mode };
}

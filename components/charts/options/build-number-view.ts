import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf, Threshold } from "@/lib/dashboards/schema";
import type { ChartTheme } from "../chart-theme";
import { withLonePoints } from "./fill-gaps";

export interface NumberView {
  value: number | null;
  previous: number | null;
  change: number | null;
  direction: "up" | "down" | "flat" | null;
  /** good/bad from the change and whether higher is better; a reached threshold wins. */
  tone: "good" | "bad" | "warn" | "neutral";
  unit: string | null;
  spark: [number, number | null][];
}

export function thresholdTone(value: number | null, thresholds: Threshold[]): Threshold["color"] | null {
  if (value === null) return null;
  let hit: Threshold["color"] | null = null;
  for (const t of [...thresholds].sort((a, b) => a.value - b.value)) if (value >= t.value) hit = t.color;
  return hit;
}

/** The headline number of a (usually ungrouped) query: the total over the range vs the previous period. */
export function buildNumberView(result: QueryResult, config: ConfigOf<"number">): NumberView {
  const s = result.series[0];
  const value = s?.total ?? null;
  const previous = s?.previous?.total ?? null;
  let change = s?.change ?? null;
  if (change === null && value !== null && previous !== null && previous !== 0) change = ((value - previous) / Math.abs(previous)) * 100;
  const direction = change === null ? null : Math.abs(change) < 0.05 ? "flat" : change > 0 ? "up" : "down";
  const byThreshold = thresholdTone(value, config.thresholds);
  const tone = byThreshold ?? (direction === null || direction === "flat" ? "neutral" : (direction === "up") === config.higherIsBetter ? "good" : "bad");
  return { value, previous, change, direction, tone, unit: config.unit ?? result.unit, spark: s?.points ?? [] };
}

export function buildSparklineOption(view: NumberView, theme: ChartTheme) {
  const color = view.tone === "neutral" ? theme.palette[0] : theme[view.tone];
  const spark = withLonePoints(view.spark, 4);
  return {
    animation: false,
    grid: { left: 0, right: 0, top: 2, bottom: 2 },
    xAxis: { type: "time", show: false },
    yAxis: { type: "value", show: false, scale: true },
    tooltip: { show: false },
    // A lone value is drawn as a dot: a sparse gauge's trend is not left blank.
    series: [{ type: "line", data: spark.data, showSymbol: spark.lone, symbol: "none", itemStyle: { color }, lineStyle: { width: 1.5, color }, areaStyle: { color, opacity: 0.12 } }],
  };
}

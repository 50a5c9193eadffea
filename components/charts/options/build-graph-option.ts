import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { seriesLabel } from "./series-label";
import { axisCommon, htmlTooltip, legendCommon, timeAxisLabel, tooltipCommon, tooltipRow } from "./common";

interface AxisTooltipItem {
  seriesName?: string;
  value?: [number, number | null] | number | null;
  color?: unknown;
  axisValueLabel?: string;
}

/** The span of the queries' windows and their bucket size, in milliseconds. */
function timeSpan(results: QueryResult[]): { min: number; max: number; step: number } | null {
  const froms = results.map((r) => Date.parse(r.from)).filter(Number.isFinite);
  const tos = results.map((r) => Date.parse(r.to)).filter(Number.isFinite);
  if (froms.length === 0 || tos.length === 0) return null;
  return { min: Math.min(...froms), max: Math.max(...tos), step: Math.max(...results.map((r) => r.intervalSeconds)) * 1000 };
}

/**
 * Time series for one or more queries; a group-by gives one line per group. With `compare`
 * the previous period is drawn dashed over the current one (times already shifted).
 */
export function buildGraphOption(results: QueryResult[], config: ConfigOf<"graph">, theme: ChartTheme) {
  const unit = config.unit ?? results.find((r) => r.unit)?.unit ?? null;
  const fmt = (v: number) => formatValue(v, unit);
  const series: Record<string, unknown>[] = [];
  // Ids let an update merge each line into the one drawn before (chart-update.ts): its
  // colour stays, the legend keeps it hidden if the user hid it, and a group gone is removed.
  const ids = new Set<string>();
  const uniqueId = (id: string) => {
    let unique = id;
    for (let n = 2; ids.has(unique); n++) unique = `${id}#${n}`;
    ids.add(unique);
    return unique;
  };
  results.forEach((result, qi) => {
    const q = config.queries[qi];
    const base = q?.label || q?.name || `Query ${qi + 1}`;
    for (const s of result.series) {
      const name = config.queries.length > 1 && s.key !== "*" ? `${base}: ${seriesLabel(s, base)}` : seriesLabel(s, base);
      const id = uniqueId(`${qi}:${s.key}`);
      // Every key is set even when empty (null), so a merged update unsets what a style change drops.
      series.push({
        id,
        name,
        type: "line",
        showSymbol: false,
        smooth: false,
        data: s.points,
        stack: config.style === "stacked" ? "total" : null,
        areaStyle: config.style === "line" ? null : { opacity: config.style === "stacked" ? 0.55 : 0.18 },
        lineStyle: { width: 2 },
        emphasis: { focus: "series" },
      });
      if (config.compare && s.previous) {
        series.push({
          id: uniqueId(`${id}:previous`),
          name: `${name} (previous)`,
          type: "line",
          showSymbol: false,
          data: s.previous.points,
          lineStyle: { width: 1.5, type: "dashed", opacity: 0.7 },
          itemStyle: { opacity: 0.7 },
          z: 1,
        });
      }
    }
  });
  const span = timeSpan(results);
  return {
    animation: false,
    color: theme.palette,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    // Always present, so that an update from several lines to one hides it rather than leaving it.
    legend: { ...legendCommon(theme), show: series.length > 1, top: 0 },
    // Drag across the plot to zoom into a time span (echart.tsx turns the select mode on for
    // mouse pointers and offers "Reset zoom"). The toolbox must render for its drag-to-zoom to
    // run; its icons are not drawn. No mouse-wheel zoom: the wheel scrolls the page.
    toolbox: {
      show: true,
      itemSize: 0,
      showTitle: false,
      right: 0,
      top: 0,
      feature: { dataZoom: { yAxisIndex: "none", filterMode: "filter", brushStyle: { color: theme.dark ? "rgba(129, 140, 248, 0.2)" : "rgba(79, 70, 229, 0.12)", borderColor: theme.palette[0], borderWidth: 1 } } },
    },
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "axis",
      formatter: htmlTooltip((items: AxisTooltipItem[]) => {
        const rows = items.map((p) => {
          const v = Array.isArray(p.value) ? p.value[1] : p.value;
          return tooltipRow(p.color, p.seriesName ?? "", v === null || v === undefined ? "–" : fmt(v));
        });
        return html`<div>${items[0]?.axisValueLabel ?? ""}</div>${rows}`;
      }),
    },
    // The axis spans the whole range (not only the buckets with data), so a zoom in axis values
    // stays put while a "last hour" range slides; minInterval (the bucket) also tells
    // chart-update.ts how far a sliding range's snapped start may move.
    xAxis: {
      type: "time",
      min: span?.min ?? null,
      max: span?.max ?? null,
      minInterval: span?.step ?? null,
      ...axisCommon(theme),
      axisLabel: { color: theme.muted, hideOverlap: true, formatter: timeAxisLabel(results[0]) },
    },
    yAxis: { type: "value", ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: fmt }, splitLine: { lineStyle: { color: theme.border } } },
    series,
  };
}

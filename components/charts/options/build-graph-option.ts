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

/**
 * Time series for one or more queries; a group-by gives one line per group. With `compare`
 * the previous period is drawn dashed over the current one (times already shifted).
 */
export function buildGraphOption(results: QueryResult[], config: ConfigOf<"graph">, theme: ChartTheme) {
  const unit = config.unit ?? results.find((r) => r.unit)?.unit ?? null;
  const fmt = (v: number) => formatValue(v, unit);
  const series: Record<string, unknown>[] = [];
  results.forEach((result, qi) => {
    const q = config.queries[qi];
    const base = q?.label || q?.name || `Query ${qi + 1}`;
    for (const s of result.series) {
      const name = config.queries.length > 1 && s.key !== "*" ? `${base}: ${seriesLabel(s, base)}` : seriesLabel(s, base);
      series.push({
        name,
        type: "line",
        showSymbol: false,
        smooth: false,
        data: s.points,
        stack: config.style === "stacked" ? "total" : undefined,
        areaStyle: config.style === "line" ? undefined : { opacity: config.style === "stacked" ? 0.55 : 0.18 },
        lineStyle: { width: 2 },
        emphasis: { focus: "series" },
      });
      if (config.compare && s.previous) {
        series.push({
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
  return {
    animation: false,
    color: theme.palette,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    legend: series.length > 1 ? { ...legendCommon(theme), top: 0 } : undefined,
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
    xAxis: { type: "time", ...axisCommon(theme), axisLabel: { color: theme.muted, hideOverlap: true, formatter: timeAxisLabel(results[0]) } },
    yAxis: { type: "value", ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: fmt }, splitLine: { lineStyle: { color: theme.border } } },
    series,
  };
}

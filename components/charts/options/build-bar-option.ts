import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { axisFormatter, formatValue, niceTicks } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { isOtherSeries, OTHER_SERIES, seriesColors, seriesKey } from "../series-color";
import { seriesLabel } from "./series-label";
import { axisCommon, canvasLabel, gridBox, htmlTooltip, rangeLabel, tooltipCommon, tooltipRow } from "./common";

interface BarTooltipItem {
  name?: string;
  seriesName?: string;
  value?: number | null;
  color?: unknown;
}

/** Top groups ranked by their total over the range; the folded "other" group stays last. */
export function rankedTotals(result: QueryResult, fallback: string): { label: string; value: number; key: string; other: boolean }[] {
  const rows = result.series.map((s) => ({ key: s.key, label: seriesLabel(s, fallback), value: s.total ?? 0, other: isOtherSeries(s) }));
  rows.sort((a, b) => Number(a.other) - Number(b.other) || b.value - a.value);
  return rows;
}

/**
 * Colours of ranked rows, by identity (series-color.ts), as a palette ECharts hands out in data
 * order (`colorBy: "data"`). ECharts gives a repeated name the colour it gave it first without
 * taking the next one, so a repeated label takes no entry.
 */
export function rowPalette(rows: { key: string; label: string; other: boolean }[], queryName: string, theme: ChartTheme): string[] {
  const keyOf = (r: { key: string; other: boolean }) => (r.other ? OTHER_SERIES : seriesKey(queryName, { key: r.key, tags: {} }));
  const colors = seriesColors(rows.map(keyOf), theme);
  const seen = new Set<string>();
  return rows.flatMap((r) => (seen.has(r.label) ? [] : (seen.add(r.label), [colors.get(keyOf(r)) ?? theme.palette[0]])));
}

export function buildBarOption(result: QueryResult, config: ConfigOf<"bar">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name);
  const horizontal = config.orientation === "horizontal";
  // Horizontal bars read top-down, so the largest goes last in the category axis.
  const ordered = horizontal ? [...rows].reverse() : rows;
  const valueLabel = axisFormatter(niceTicks(ordered.map((r) => r.value)), unit);
  const category = { type: "category", data: ordered.map((r) => r.label), ...axisCommon(theme), axisLabel: { color: theme.muted, width: 110, overflow: "truncate", hideOverlap: !horizontal, formatter: canvasLabel } };
  const value = { type: "value", ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: valueLabel }, splitLine: { lineStyle: { color: theme.border } } };
  const over = rangeLabel(result);
  return {
    animation: false,
    color: theme.palette,
    grid: gridBox({ left: 8, right: 24, top: 12, bottom: 8 }),
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: htmlTooltip((items: BarTooltipItem[]) =>
        html`<div>${items[0]?.name ?? ""}</div>${items.map((p) => tooltipRow(p.color, p.seriesName ?? "", formatValue(p.value, unit)))}<div style="opacity:0.7;font-size:11px">${over}</div>`,
      ),
    },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: "bar",
        name: config.query.label || config.query.name,
        data: ordered.map((r) => r.value),
        // Each bar its group's colour, whatever its rank.
        colorBy: "data",
        color: rowPalette(ordered, config.query.name, theme),
        barMaxWidth: 36,
        itemStyle: { borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
        label: { show: true, position: horizontal ? "right" : "top", color: theme.muted, formatter: (p: { value: number }) => formatValue(p.value, unit) },
      },
    ],
  };
}

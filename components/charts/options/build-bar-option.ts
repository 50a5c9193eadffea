import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { seriesLabel } from "./series-label";
import { axisCommon, canvasLabel, htmlTooltip, tooltipCommon, tooltipRow } from "./common";

interface BarTooltipItem {
  name?: string;
  seriesName?: string;
  value?: number | null;
  color?: unknown;
}

/** Top groups ranked by their total over the range; the folded "other" group stays last. */
export function rankedTotals(result: QueryResult, fallback: string): { label: string; value: number; key: string }[] {
  const rows = result.series.map((s) => ({ key: s.key, label: seriesLabel(s, fallback), value: s.total ?? 0, other: Object.values(s.tags).includes("other") }));
  rows.sort((a, b) => Number(a.other) - Number(b.other) || b.value - a.value);
  return rows.map(({ key, label, value }) => ({ key, label, value }));
}

export function buildBarOption(result: QueryResult, config: ConfigOf<"bar">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name);
  const horizontal = config.orientation === "horizontal";
  // Horizontal bars read top-down, so the largest goes last in the category axis.
  const ordered = horizontal ? [...rows].reverse() : rows;
  const category = { type: "category", data: ordered.map((r) => r.label), ...axisCommon(theme), axisLabel: { color: theme.muted, width: 110, overflow: "truncate", hideOverlap: !horizontal, formatter: canvasLabel } };
  const value = { type: "value", ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: (v: number) => formatValue(v, unit) }, splitLine: { lineStyle: { color: theme.border } } };
  return {
    animation: false,
    color: theme.palette,
    grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: htmlTooltip((items: BarTooltipItem[]) => html`<div>${items[0]?.name ?? ""}</div>${items.map((p) => tooltipRow(p.color, p.seriesName ?? "", formatValue(p.value, unit)))}`),
    },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: "bar",
        name: config.query.label || config.query.name,
        data: ordered.map((r) => r.value),
        barMaxWidth: 36,
        itemStyle: { borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] },
        label: { show: true, position: horizontal ? "right" : "top", color: theme.muted, formatter: (p: { value: number }) => formatValue(p.value, unit) },
      },
    ],
  };
}

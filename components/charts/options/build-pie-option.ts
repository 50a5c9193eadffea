import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { OTHER_SERIES, seriesColors, seriesKey } from "../series-color";
import { rankedTotals } from "./build-bar-option";
import { canvasLabel, htmlTooltip, legendCommon, rangeLabel, tooltipCommon, tooltipMarker } from "./common";

const percent = (value: number, total: number) => `${total > 0 ? ((value / total) * 100).toFixed(1) : "0.0"}%`;

/** Slices by group, each in its group's colour; the legend gives each share and the total is written in the middle. */
export function buildPieOption(result: QueryResult, config: ConfigOf<"pie">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name).filter((r) => r.value > 0);
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const keyOf = (r: (typeof rows)[number]) => (r.other ? OTHER_SERIES : seriesKey(config.query.name, { key: r.key, tags: {} }));
  const colors = seriesColors(rows.map(keyOf), theme);
  const share = new Map(rows.map((r) => [r.label, percent(r.value, total)]));
  const over = rangeLabel(result);
  const center = config.donut ? ["38%", "50%"] : ["38%", "55%"];
  return {
    animation: false,
    color: theme.palette,
    // The total: in the hole of a donut, above a full pie.
    title: {
      text: formatValue(total, unit),
      subtext: "Total",
      left: config.donut ? center[0] : 0,
      top: config.donut ? "middle" : 0,
      textAlign: config.donut ? "center" : "left",
      itemGap: 2,
      textStyle: { color: theme.text, fontSize: 16, fontWeight: 600 },
      subtextStyle: { color: theme.muted, fontSize: 11 },
    },
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "item",
      // The group label is a tag or property value: data, so `html` escapes it.
      formatter: htmlTooltip((p: { name?: string; value?: number; percent?: number; color?: unknown }) =>
        html`${tooltipMarker(p.color)}${p.name ?? ""}: ${formatValue(p.value, unit)} (${(p.percent ?? 0).toFixed(1)}%)<div>of ${formatValue(total, unit)}</div><div style="opacity:0.7;font-size:11px">${over}</div>`,
      ),
    },
    // A fixed text width keeps long group labels from pushing the legend over the pie.
    legend: {
      ...legendCommon(theme),
      orient: "vertical",
      right: 0,
      top: "middle",
      textStyle: { color: theme.muted, width: 150, overflow: "truncate" },
      formatter: (name: string) => `${canvasLabel(name)}  ${share.get(name) ?? ""}`.trim(),
    },
    series: [
      {
        type: "pie",
        name: config.query.label || config.query.name,
        radius: config.donut ? ["45%", "75%"] : [0, "70%"],
        center,
        avoidLabelOverlap: true,
        itemStyle: { borderColor: theme.surface, borderWidth: 2 },
        label: { show: false },
        data: rows.map((r) => ({ name: r.label, value: r.value, itemStyle: { color: colors.get(keyOf(r)) } })),
      },
    ],
  };
}

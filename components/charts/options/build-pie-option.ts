import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { rankedTotals } from "./build-bar-option";
import { htmlTooltip, legendCommon, tooltipCommon, tooltipMarker } from "./common";

export function buildPieOption(result: QueryResult, config: ConfigOf<"pie">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name).filter((r) => r.value > 0);
  return {
    animation: false,
    color: theme.palette,
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "item",
      // The group label is a tag or property value: data, so `html` escapes it.
      formatter: htmlTooltip((p: { name?: string; value?: number; percent?: number; color?: unknown }) =>
        html`${tooltipMarker(p.color)}${p.name ?? ""}: ${formatValue(p.value, unit)} (${(p.percent ?? 0).toFixed(1)}%)`,
      ),
    },
    // A fixed text width keeps long group labels from pushing the legend over the pie.
    legend: { ...legendCommon(theme), orient: "vertical", right: 0, top: "middle", textStyle: { color: theme.muted, width: 120, overflow: "truncate" } },
    series: [
      {
        type: "pie",
        name: config.query.label || config.query.name,
        radius: config.donut ? ["45%", "75%"] : [0, "75%"],
        center: ["38%", "50%"],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: theme.surface, borderWidth: 2 },
        label: { show: false },
        data: rows.map((r) => ({ name: r.label, value: r.value })),
      },
    ],
  };
}

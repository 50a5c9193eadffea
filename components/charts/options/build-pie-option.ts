import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import type { ChartTheme } from "../chart-theme";
import { rankedTotals } from "./build-bar-option";
import { tooltipCommon } from "./common";

export function buildPieOption(result: QueryResult, config: ConfigOf<"pie">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const rows = rankedTotals(result, config.query.label || config.query.name).filter((r) => r.value > 0);
  return {
    animation: false,
    color: theme.palette,
    tooltip: {
      ...tooltipCommon(theme),
      trigger: "item",
      formatter: (p: { name: string; value: number; percent: number }) => `${p.name}: ${formatValue(p.value, unit)} (${p.percent.toFixed(1)}%)`,
    },
    legend: { type: "scroll", orient: "vertical", right: 0, top: "middle", textStyle: { color: theme.muted }, pageTextStyle: { color: theme.muted } },
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

import type { ChartTheme } from "@/components/charts/chart-theme";
import { axisCommon, tooltipCommon } from "@/components/charts/options/common";

export interface DayCount {
  day: string;
  points: number;
  events: number;
}

/**
 * Bars of points and events per day, each on its own axis (points often outnumber events a
 * thousandfold). The labels are dates and counts Flux makes itself, so ECharts' own label and
 * tooltip formatting is enough (no formatter functions, see components/no-raw-html.test.ts).
 */
export function buildStorageDailyOption(days: DayCount[], theme: ChartTheme) {
  const value = (position: "left" | "right", color: string) => ({
    type: "value",
    position,
    ...axisCommon(theme),
    axisLabel: { color },
    splitLine: position === "left" ? { lineStyle: { color: theme.border } } : { show: false },
  });
  return {
    animation: false,
    color: [theme.palette[0], theme.palette[2]],
    grid: { left: 8, right: 8, top: 32, bottom: 8, outerBoundsMode: "same", outerBoundsContain: "axisLabel" },
    legend: { top: 0, textStyle: { color: theme.muted } },
    tooltip: { ...tooltipCommon(theme), trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: days.map((d) => d.day.slice(5)), ...axisCommon(theme), axisLabel: { color: theme.muted, hideOverlap: true } },
    yAxis: [value("left", theme.palette[0]), value("right", theme.palette[2])],
    series: [
      { type: "bar", name: "Points", yAxisIndex: 0, data: days.map((d) => d.points), barMaxWidth: 14, itemStyle: { borderRadius: [3, 3, 0, 0] } },
      { type: "bar", name: "Events", yAxisIndex: 1, data: days.map((d) => d.events), barMaxWidth: 14, itemStyle: { borderRadius: [3, 3, 0, 0] } },
    ],
  };
}

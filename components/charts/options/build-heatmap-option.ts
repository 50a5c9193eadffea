import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { axisCommon, canvasLabel, htmlTooltip, timeAxisLabel, tooltipCommon } from "./common";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
export const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));

/** Aggregations whose buckets add up; the others (averages, percentiles, gauges) are averaged. */
const ADDITIVE = new Set(["count", "sum", "unique_users", "rate", "per_second"]);

/**
 * Folds hourly points onto a week: cell [hour, weekday] holds the sum (or the mean, for
 * non-additive aggregations) of every point that fell in that hour of that weekday.
 */
export function foldWeekHours(result: QueryResult, aggregation: string): [number, number, number][] {
  const sum = new Map<string, number>();
  const n = new Map<string, number>();
  const offsetMs = zoneOffsetMs(result.timezone);
  for (const s of result.series) {
    for (const [t, v] of s.points) {
      if (v === null) continue;
      const local = new Date(t + offsetMs(t));
      const key = `${local.getUTCHours()}:${(local.getUTCDay() + 6) % 7}`;
      sum.set(key, (sum.get(key) ?? 0) + v);
      n.set(key, (n.get(key) ?? 0) + 1);
    }
  }
  const additive = ADDITIVE.has(aggregation);
  return [...sum.entries()].map(([key, total]) => {
    const [h, d] = key.split(":").map(Number);
    return [h, d, additive ? total : total / (n.get(key) ?? 1)];
  });
}

function zoneOffsetMs(timeZone: string): (t: number) => number {
  if (!timeZone || timeZone === "UTC") return () => 0;
  const fmt = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
  return (t) => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - Math.floor(t / 60_000) * 60_000;
  };
}

/** Value buckets (from the `histogram` aggregation) over time: one row per bucket, low to high. */
export function distributionCells(result: QueryResult): { times: number[]; buckets: string[]; cells: [number, number, number][] } {
  const rows = [...result.series].sort((a, b) => (a.bucketLow ?? 0) - (b.bucketLow ?? 0));
  const times = [...new Set(rows.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const col = new Map(times.map((t, i) => [t, i]));
  const cells: [number, number, number][] = [];
  rows.forEach((s, yi) => {
    for (const [t, v] of s.points) if (v !== null && v > 0) cells.push([col.get(t) as number, yi, v]);
  });
  return { times, buckets: rows.map((s) => s.tags.bucket ?? s.key), cells };
}

export function buildHeatmapOption(result: QueryResult, config: ConfigOf<"heatmap">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const weekly = config.mode === "week_hours";
  const dist = weekly ? null : distributionCells(result);
  const cells = weekly ? foldWeekHours(result, config.query.aggregation) : dist!.cells;
  const max = cells.reduce((m, c) => Math.max(m, c[2]), 0);
  const spansDays = dist !== null && dist.times.length > 1 && dist.times[dist.times.length - 1] - dist.times[0] >= 86_400_000;
  const timeLabel = timeAxisLabel(result, { withDate: spansDays });
  return {
    animation: false,
    grid: { left: 8, right: 12, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      ...tooltipCommon(theme),
      formatter: htmlTooltip((p: { value: [number, number, number] }) => {
        const [x, y, v] = p.value;
        const where = weekly ? `${WEEKDAYS[y]} ${HOURS[x]}:00` : `${timeLabel(dist!.times[x])} · ${dist!.buckets[y]}`;
        return html`${where}: ${weekly ? formatValue(v, unit) : formatValue(v)}`;
      }),
    },
    xAxis: {
      type: "category",
      data: weekly ? HOURS : dist!.times.map(timeLabel),
      ...axisCommon(theme),
      splitArea: { show: false },
      axisLabel: { color: theme.muted, hideOverlap: true, formatter: canvasLabel },
    },
    yAxis: {
      type: "category",
      data: weekly ? WEEKDAYS : dist!.buckets,
      ...axisCommon(theme),
      inverse: weekly,
      axisLabel: { color: theme.muted, formatter: canvasLabel },
    },
    visualMap: {
      min: 0,
      max: max || 1,
      calculable: false,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      textStyle: { color: theme.muted },
      formatter: (v: number) => (weekly ? formatValue(v, unit) : formatValue(v)),
      // The scale's ends, so a colour can be read as a number without hovering.
      text: [weekly ? formatValue(max, unit) : formatValue(max), weekly ? formatValue(0, unit) : formatValue(0)],
      inRange: { color: theme.dark ? ["#1f232c", "#4338ca", "#818cf8", "#e0e7ff"] : ["#f1f3f6", "#c7d2fe", "#6366f1", "#312e81"] },
    },
    series: [{ type: "heatmap", name: config.query.label || config.query.name, data: cells, itemStyle: { borderColor: theme.surface, borderWidth: 1 }, emphasis: { itemStyle: { borderColor: theme.text } } }],
  };
}

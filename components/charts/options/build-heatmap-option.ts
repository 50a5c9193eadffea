import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { axisFormatter, formatValue } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { axisCommon, canvasLabel, gridBox, htmlTooltip, timeAxisLabel, tooltipCommon, tooltipTime } from "./common";

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

/** Value buckets (from the `histogram` aggregation) over time: one row per bucket, low to high, labelled in the unit. */
export function distributionCells(result: QueryResult, unit: string | null = result.unit): { times: number[]; buckets: string[]; cells: [number, number, number][] } {
  const rows = [...result.series].sort((a, b) => (a.bucketLow ?? 0) - (b.bucketLow ?? 0));
  const times = [...new Set(rows.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const col = new Map(times.map((t, i) => [t, i]));
  const cells: [number, number, number][] = [];
  rows.forEach((s, yi) => {
    for (const [t, v] of s.points) if (v !== null && v > 0) cells.push([col.get(t) as number, yi, v]);
  });
  // One format for every edge, so "0.5–1 s" and "1–1.5 s" line up.
  const edges = rows.flatMap((s) => (s.bucketLow !== undefined && s.bucketHigh !== undefined ? [s.bucketLow, s.bucketHigh] : []));
  const edge = axisFormatter(edges, unit);
  const bucket = (s: (typeof rows)[number]) => (s.bucketLow !== undefined && s.bucketHigh !== undefined ? `${edge(s.bucketLow)}–${edge(s.bucketHigh)}` : (s.tags.bucket ?? s.key));
  return { times, buckets: rows.map(bucket), cells };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const LABEL_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE).concat([1, 2, 7, 14].map((d) => d * DAY));

/**
 * Which time columns get a label: those on a round step (every 10 minutes, 6 hours, day…) in
 * the query's zone, the smallest step that leaves at most `most` labels. Regular, and the
 * labels say round times rather than whichever bucket came every nth.
 */
export function labelledColumns(times: number[], timeZone: string, most = 6): Set<number> {
  if (times.length === 0) return new Set();
  const offset = zoneOffsetMs(timeZone);
  const local = times.map((t) => t + offset(t));
  const on = (ms: number, step: number) => (step < DAY ? ms % step === 0 : ms % DAY === 0 && (step === 7 * DAY ? Math.floor(ms / DAY) % 7 === 4 : Math.floor(ms / DAY) % (step / DAY) === 0));
  const bucket = times.length > 1 ? times[1] - times[0] : MINUTE;
  let chosen = new Set<number>();
  for (const step of LABEL_STEPS.filter((s) => s >= bucket)) {
    chosen = new Set(local.flatMap((ms, i) => (on(ms, step) ? [i] : [])));
    if (chosen.size <= most && chosen.size > 0) return chosen;
  }
  if (chosen.size > 0) return chosen;
  // Buckets off every round time (a zone's odd offset): every nth column, evenly.
  const every = Math.ceil(times.length / most);
  return new Set(times.flatMap((_, i) => (i % every === 0 ? [i] : [])));
}

export function buildHeatmapOption(result: QueryResult, config: ConfigOf<"heatmap">, theme: ChartTheme) {
  const unit = config.unit ?? result.unit;
  const weekly = config.mode === "week_hours";
  const dist = weekly ? null : distributionCells(result, unit);
  const cells = weekly ? foldWeekHours(result, config.query.aggregation) : dist!.cells;
  const max = cells.reduce((m, c) => Math.max(m, c[2]), 0);
  const spansDays = dist !== null && dist.times.length > 1 && dist.times[dist.times.length - 1] - dist.times[0] >= 86_400_000;
  const timeLabel = timeAxisLabel(result, { withDate: spansDays });
  const shortLabel = timeAxisLabel(result);
  const labelled = dist ? labelledColumns(dist.times, result.timezone) : new Set<number>();
  const zone = result.timezone || "UTC";
  const when = tooltipTime(result);
  // Week-hour cells hold the metric (in its unit); value-bucket cells count readings.
  const scale = axisFormatter([0, max], weekly ? unit : null);
  const cellValue = (v: number) => (weekly ? formatValue(v, unit) : formatValue(v));
  return {
    animation: false,
    grid: gridBox({ left: 8, right: 12, top: 8, bottom: 40 }),
    tooltip: {
      ...tooltipCommon(theme),
      formatter: htmlTooltip((p: { value: [number, number, number]; seriesName?: string }) => {
        const [x, y, v] = p.value;
        const where = weekly ? `${WEEKDAYS[y]} ${HOURS[x]}:00 (${zone})` : `${dist!.times[x] === undefined ? "" : when(dist!.times[x])} · ${dist!.buckets[y]}`;
        return html`<div>${p.seriesName ?? ""}</div>${where}: ${cellValue(v)}`;
      }),
    },
    xAxis: {
      type: "category",
      data: weekly ? HOURS : dist!.times.map(timeLabel),
      ...axisCommon(theme),
      splitArea: { show: false },
      // Every column is a candidate; the formatter writes only the round times (labelledColumns).
      axisLabel: weekly
        ? { color: theme.muted, interval: 2, formatter: canvasLabel }
        : { color: theme.muted, interval: 0, hideOverlap: true, formatter: (_: unknown, i: number) => (labelled.has(i) && dist!.times[i] !== undefined ? shortLabel(dist!.times[i]) : "") },
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
      formatter: (v: number) => scale(v),
      // The scale's ends, so a colour can be read as a number without hovering.
      text: [scale(max), scale(0)],
      inRange: { color: theme.dark ? ["#1f232c", "#4338ca", "#818cf8", "#e0e7ff"] : ["#f1f3f6", "#c7d2fe", "#6366f1", "#312e81"] },
    },
    series: [{ type: "heatmap", name: config.query.label || config.query.name, data: cells, itemStyle: { borderColor: theme.surface, borderWidth: 1 }, emphasis: { itemStyle: { borderColor: theme.text } } }],
  };
}

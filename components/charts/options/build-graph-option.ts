import type { Point, QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { axisFormatter, formatValue, niceTicks } from "@/lib/format/format-value";
import { html } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { seriesColors, seriesKey } from "../series-color";
import { seriesLabel } from "./series-label";
import { catalogEntry, type ChartContext } from "./chart-context";
import { fillGaps, resolveFill, withLonePoints } from "./fill-gaps";
import { axisCommon, gridBox, htmlTooltip, legendCommon, timeAxisLabel, tooltipCommon, tooltipRow, tooltipTime } from "./common";
import { bandValues, OVERLAY_PREFIX, overlaySeries, overlayTooltipRows, type GraphOverlays } from "./graph-overlays";

interface AxisTooltipItem {
  seriesId?: string;
  seriesName?: string;
  dataIndex?: number;
  value?: [number, number | null] | number | null;
  axisValue?: number | string;
  color?: unknown;
}

/** The span of the queries' windows and their bucket size, in milliseconds. */
function timeSpan(results: QueryResult[]): { min: number; max: number; step: number } | null {
  const froms = results.map((r) => Date.parse(r.from)).filter(Number.isFinite);
  const tos = results.map((r) => Date.parse(r.to)).filter(Number.isFinite);
  if (froms.length === 0 || tos.length === 0) return null;
  return { min: Math.min(...froms), max: Math.max(...tos), step: Math.max(...results.map((r) => r.intervalSeconds)) * 1000 };
}

/** The values the value axis spans: stacked lines add up, per bucket. */
function axisValues(lines: { data: Point[]; stacked: boolean }[]): number[] {
  const sums = new Map<number, number>();
  const values: number[] = [];
  for (const line of lines) {
    for (const [t, v] of line.data) {
      if (v === null) continue;
      if (line.stacked) sums.set(t, (sums.get(t) ?? 0) + v);
      else values.push(v);
    }
  }
  return [...values, ...sums.values()];
}

/**
 * Time series for one or more queries; a group-by gives one line per group. With `compare`
 * the previous period is drawn dashed over the current one (times already shifted). Lone
 * values are drawn as dots; gauges carry their last reading across empty buckets (fill).
 * With `overlays` (a dashboard's graph), annotations, anomaly episodes and the expected band
 * are drawn too (graph-overlays.ts) and named in the tooltip.
 */
export function buildGraphOption(results: QueryResult[], config: ConfigOf<"graph">, theme: ChartTheme, context: ChartContext = {}, overlays?: GraphOverlays) {
  const unit = config.unit ?? results.find((r) => r.unit)?.unit ?? null;
  const now = context.now ?? Date.now();
  const series: Record<string, unknown>[] = [];
  const lines: { data: Point[]; stacked: boolean }[] = [];
  // Bucket notes by series id: "last reading 12:05" for carried values.
  const notes = new Map<string, Map<number, string>>();
  // Ids let an update merge each line into the one drawn before (chart-update.ts): the legend
  // keeps it hidden if the user hid it, and a group gone is removed.
  const ids = new Set<string>();
  const uniqueId = (id: string) => {
    let unique = id;
    for (let n = 2; ids.has(unique); n++) unique = `${id}#${n}`;
    ids.add(unique);
    return unique;
  };
  const keyOf = (qi: number, s: QueryResult["series"][number]) => seriesKey(config.queries[qi]?.name ?? `Query ${qi + 1}`, s);
  const colors = seriesColors(results.flatMap((r, qi) => r.series.map((s) => keyOf(qi, s))), theme);
  const stacked = config.style === "stacked";
  results.forEach((result, qi) => {
    const q = config.queries[qi];
    const base = q?.label || q?.name || `Query ${qi + 1}`;
    const fill = resolveFill(config.fill, q?.source === "metric" ? catalogEntry(context, q)?.type : "event");
    const label = timeAxisLabel(result);
    const line = (id: string, points: Point[]) => {
      const filled = fillGaps(points, fill, now);
      if (filled.filled.size > 0) notes.set(id, new Map([...filled.filled].map(([i, from]) => [i, from === null ? "no reading" : `last reading ${label(from)}`])));
      lines.push({ data: filled.points, stacked });
      return withLonePoints(filled.points);
    };
    for (const s of result.series) {
      const name = config.queries.length > 1 && s.key !== "*" ? `${base}: ${seriesLabel(s, base)}` : seriesLabel(s, base);
      const id = uniqueId(`${qi}:${s.key}`);
      const color = colors.get(keyOf(qi, s)) ?? theme.palette[0];
      const { data, lone } = line(id, s.points);
      // Every key is set even when empty (null), so a merged update unsets what a style change drops.
      series.push({
        id,
        name,
        type: "line",
        // Symbols only where a value stands alone (the others keep ECharts' hover dot).
        showSymbol: lone,
        symbol: lone ? "none" : "emptyCircle",
        smooth: false,
        data,
        stack: stacked ? "total" : null,
        areaStyle: config.style === "line" ? null : { color, opacity: stacked ? 0.55 : 0.18 },
        itemStyle: { color },
        lineStyle: { width: 2, color },
        emphasis: { focus: "series" },
      });
      if (config.compare && s.previous) {
        const previousId = uniqueId(`${id}:previous`);
        const previous = line(previousId, s.previous.points);
        series.push({
          id: previousId,
          name: `${name} (previous)`,
          type: "line",
          showSymbol: previous.lone,
          symbol: previous.lone ? "none" : "emptyCircle",
          data: previous.data,
          lineStyle: { width: 1.5, type: "dashed", opacity: 0.7, color },
          itemStyle: { opacity: 0.7, color },
          z: 1,
        });
      }
    }
  });
  const span = timeSpan(results);
  const yLabel = axisFormatter(niceTicks([...axisValues(lines), ...bandValues(overlays)]), unit);
  const names = series.map((s) => s.name as string);
  if (overlays) series.push(...overlaySeries(overlays, span, theme, now));
  const when = tooltipTime(results[0]);
  return {
    animation: false,
    color: theme.palette,
    grid: gridBox({ left: 8, right: 16, top: names.length > 1 ? 32 : 12, bottom: 8 }),
    // Always present, so that an update from several lines to one hides it rather than leaving it.
    // Its data names the lines only: overlays are explained in the tooltip, not toggled.
    legend: { ...legendCommon(theme), show: names.length > 1, top: 0, data: names },
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
        const lineItems = items.filter((p) => !p.seriesId?.startsWith(OVERLAY_PREFIX));
        const rows = lineItems.map((p) => {
          const v = Array.isArray(p.value) ? p.value[1] : p.value;
          const note = p.seriesId !== undefined && p.dataIndex !== undefined ? notes.get(p.seriesId)?.get(p.dataIndex) : undefined;
          const row = tooltipRow(p.color, p.seriesName ?? "", v === null || v === undefined ? "–" : formatValue(v, unit));
          return note ? html`${row}<div style="opacity:0.7;font-size:11px;text-align:right">${note}</div>` : row;
        });
        const t = items[0]?.axisValue;
        const marks = typeof t === "number" ? overlayTooltipRows(overlays, t, span?.step ?? 0, unit, now) : [];
        return html`<div>${typeof t === "number" ? when(t) : ""}</div>${rows}${marks}`;
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
    yAxis: { type: "value", ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: yLabel }, splitLine: { lineStyle: { color: theme.border } } },
    series,
  };
}

import type { Point } from "@/lib/query/model";
import { axisFormatter, formatValue, niceTicks } from "@/lib/format/format-value";
import { html, type SafeHtml } from "@/lib/format/escape-html";
import type { ChartTheme } from "../chart-theme";
import { withLonePoints } from "./fill-gaps";
import { axisCommon, canvasLabel, gridBox, htmlTooltip, legendCommon, timeAxisLabel, tooltipCommon, tooltipRow, tooltipTime } from "./common";

// The detail page's chart of one anomaly episode: the series, the band the detector expected
// it in, the expected value, the episode's span shaded and the annotations of the window. The
// span and the annotations sit on a hidden 0..1 axis, so they always reach from the bottom of
// the plot to its top whatever the values, without ECharts' mark components.

export interface BandBucket {
  t: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
}

export interface AnomalyChartInput {
  seriesName: string;
  unit: string | null;
  /** The zone times are shown in (the buckets themselves are UTC-aligned). */
  timezone: string;
  window: { from: number; to: number; intervalSeconds: number };
  actual: Point[];
  band: BandBucket[];
  episode: { start: number; end: number; ongoing: boolean };
  annotations: { id: string; title: string; start: number; end: number | null }[];
}

export const SERIES_IDS = { lower: "band-lower", band: "band", expected: "expected", actual: "actual", episode: "episode" } as const;
export const ANNOTATION_PREFIX = "annotation:";

interface AxisItem {
  seriesId?: string;
  dataIndex?: number;
  axisValue?: number | string;
  color?: unknown;
}

const fade = (hex: string, alpha: number) => {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/**
 * The value axis spans the series and the expected values; the band reaches at most half their
 * spread beyond them (a band that widened after a jump would otherwise flatten the line into
 * the axis). Both ends sit on a tick of a round step (1, 2, 3 or 5 × 10^k), given as the
 * axis' interval, so no label crowds the end ones. Null: ECharts decides (no data).
 */
export function valueExtent(seriesValues: number[], bandValues: number[]): { min: number; max: number; interval: number } | null {
  const core = seriesValues.filter(Number.isFinite);
  if (core.length === 0) return null;
  const lo = Math.min(...core);
  const hi = Math.max(...core);
  const pad = Math.max(hi - lo, Math.abs(hi) * 0.1, Math.abs(lo) * 0.1, 1e-6) * 0.5;
  const band = bandValues.filter(Number.isFinite);
  let min = Math.max(Math.min(lo, ...band), lo - pad);
  let max = Math.min(Math.max(hi, ...band), hi + pad);
  // A flat line (no band) still needs an axis with some height, the line in its middle.
  if (max - min < 1e-9) [min, max] = [lo - Math.max(Math.abs(lo) * 0.1, 1), hi + Math.max(Math.abs(hi) * 0.1, 1)];
  const raw = (max - min) / 5;
  const exp10 = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp10;
  const interval = Number(((f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10) * exp10).toPrecision(12));
  const round = (x: number) => Number(x.toPrecision(12));
  return { min: round(Math.floor(min / interval) * interval), max: round(Math.ceil(max / interval) * interval), interval };
}

/** The ticks of an extent, for the labels' shared format. */
const ticksOf = (e: { min: number; max: number; interval: number }) =>
  Array.from({ length: Math.round((e.max - e.min) / e.interval) + 1 }, (_, i) => Number((e.min + i * e.interval).toPrecision(12)));

export function buildAnomalyOption(input: AnomalyChartInput, theme: ChartTheme) {
  const { unit, window: win } = input;
  const step = win.intervalSeconds * 1000;
  const accent = theme.palette[0];
  const bandColor = theme.palette[1];
  // A band bucket is drawn only where both edges are known; the stack adds the width to the lower edge.
  const bandOk = input.band.map((b) => b.lower !== null && b.upper !== null && Number.isFinite(b.lower) && Number.isFinite(b.upper));
  const lowerData: Point[] = input.band.map((b, i) => [b.t, bandOk[i] ? b.lower : null]);
  const widthData: Point[] = input.band.map((b, i) => [b.t, bandOk[i] ? Math.max(0, (b.upper as number) - (b.lower as number)) : null]);
  const expectedData: Point[] = input.band.map((b) => [b.t, b.expected]);
  const actual = withLonePoints(input.actual);
  // A one-bucket episode still gets a visible width.
  const episodeEnd = Math.max(input.episode.end, input.episode.start + step);

  const annotationSeries = input.annotations.map((a) => {
    const label = canvasLabel(a.title);
    const span = a.end !== null && a.end > a.start;
    return {
      id: `${ANNOTATION_PREFIX}${a.id}`,
      name: label,
      type: "line",
      yAxisIndex: 1,
      silent: true,
      // Labels of a line ride on its symbols: drawn, but with no size.
      symbol: "circle",
      symbolSize: 0,
      showSymbol: true,
      data: span
        ? [{ value: [a.start, 1], name: label, label: { show: true } }, { value: [a.end, 1], name: label }]
        : [{ value: [a.start, 0], name: label }, { value: [a.start, 1], name: label, label: { show: true } }],
      lineStyle: span ? { width: 0, color: theme.muted } : { width: 1, type: "dashed", color: theme.muted },
      areaStyle: span ? { color: fade(theme.warn, 0.1) } : null,
      label: { show: false, position: "insideTopLeft", color: theme.muted, fontSize: 11, formatter: (p: { name?: string }) => canvasLabel(p.name ?? "") },
      z: 1,
    };
  });

  const known = (points: Point[]) => points.map(([, v]) => v).filter((v): v is number => v !== null && Number.isFinite(v));
  const extent = valueExtent(known([...input.actual, ...expectedData]), known([...lowerData, ...input.band.map((b, i): Point => [b.t, bandOk[i] ? b.upper : null])]));
  const yLabel = axisFormatter(extent ? ticksOf(extent) : niceTicks(known(input.actual)), unit);
  const zone = { intervalSeconds: win.intervalSeconds, timezone: input.timezone };
  const when = tooltipTime(zone);
  const annotationsAt = (t: number) => input.annotations.filter((a) => a.start < t + step && (a.end ?? a.start) >= t);

  const tooltipFormatter = htmlTooltip((items: AxisItem[]) => {
    const byId = new Map(items.filter((i) => i.seriesId !== undefined).map((i) => [i.seriesId!, i]));
    const t = items[0]?.axisValue;
    const index = (id: string) => byId.get(id)?.dataIndex;
    const actualIndex = index(SERIES_IDS.actual);
    const bandIndex = index(SERIES_IDS.band) ?? index(SERIES_IDS.expected);
    const actualValue = actualIndex !== undefined ? input.actual[actualIndex]?.[1] ?? null : null;
    const band = bandIndex !== undefined ? input.band[bandIndex] : undefined;
    const rows: SafeHtml[] = [tooltipRow(byId.get(SERIES_IDS.actual)?.color ?? accent, input.seriesName, formatValue(actualValue, unit))];
    if (band) {
      rows.push(tooltipRow(bandColor, "Expected", formatValue(band.expected, unit)));
      if (band.lower !== null && band.upper !== null) rows.push(tooltipRow(fade(bandColor, 0.4), "Expected range", `${formatValue(band.lower, unit)} – ${formatValue(band.upper, unit)}`));
    }
    const ms = typeof t === "number" ? t : NaN;
    const inEpisode = ms >= input.episode.start && ms < episodeEnd;
    const notes = Number.isFinite(ms) ? annotationsAt(ms) : [];
    return html`<div>${Number.isFinite(ms) ? when(ms) : ""}</div>${rows}${inEpisode ? html`<div style="color:${theme.bad};font-size:11px">In the anomaly</div>` : ""}${notes.map((a) => html`<div style="opacity:0.8;font-size:11px">Annotation: ${a.title}</div>`)}`;
  });

  return {
    animation: false,
    color: theme.palette,
    grid: gridBox({ left: 8, right: 16, top: 32, bottom: 8 }),
    legend: { ...legendCommon(theme), show: true, top: 0, data: [input.seriesName, "Expected", "Expected range", "Anomaly"].map((n) => canvasLabel(n)) },
    tooltip: { ...tooltipCommon(theme), trigger: "axis", formatter: tooltipFormatter },
    xAxis: {
      type: "time",
      min: win.from,
      max: win.to,
      minInterval: step,
      ...axisCommon(theme),
      axisLabel: { color: theme.muted, hideOverlap: true, formatter: timeAxisLabel(zone) },
    },
    yAxis: [
      { type: "value", scale: true, min: extent?.min ?? null, max: extent?.max ?? null, interval: extent?.interval ?? null, ...axisCommon(theme), axisLabel: { color: theme.muted, formatter: yLabel }, splitLine: { lineStyle: { color: theme.border } } },
      { type: "value", min: 0, max: 1, show: false },
    ],
    series: [
      { id: SERIES_IDS.lower, name: "Expected range", type: "line", stack: "band", stackStrategy: "all", symbol: "none", showSymbol: false, silent: true, data: lowerData, lineStyle: { opacity: 0 }, itemStyle: { color: fade(bandColor, 0.4) }, z: 2 },
      {
        id: SERIES_IDS.band,
        name: "Expected range",
        type: "line",
        stack: "band",
        stackStrategy: "all",
        symbol: "none",
        showSymbol: false,
        data: widthData,
        lineStyle: { opacity: 0 },
        itemStyle: { color: fade(bandColor, 0.4) },
        areaStyle: { color: fade(bandColor, 0.22) },
        z: 2,
      },
      { id: SERIES_IDS.expected, name: "Expected", type: "line", symbol: "none", showSymbol: false, data: expectedData, lineStyle: { width: 1.5, type: "dashed", color: bandColor }, itemStyle: { color: bandColor }, z: 3 },
      {
        id: SERIES_IDS.actual,
        name: canvasLabel(input.seriesName),
        type: "line",
        showSymbol: actual.lone,
        symbol: actual.lone ? "none" : "emptyCircle",
        data: actual.data,
        lineStyle: { width: 2, color: accent },
        itemStyle: { color: accent },
        z: 4,
      },
      {
        id: SERIES_IDS.episode,
        name: "Anomaly",
        type: "line",
        yAxisIndex: 1,
        silent: true,
        symbol: "none",
        showSymbol: false,
        data: [[input.episode.start, 1], [episodeEnd, 1]],
        lineStyle: { width: 0, color: theme.bad },
        itemStyle: { color: theme.bad },
        areaStyle: { color: fade(theme.bad, 0.14) },
        z: 1,
      },
      ...annotationSeries,
    ],
  };
}

// How a chart on screen takes a new option, and the time zoom of graphs. Plain ECharts calls
// and no React, so the unit tests drive this very code on server-side charts (chart-update.test.ts)
// and echart.tsx only wires it to the page.
import type { EChartsType } from "echarts/core";

type Option = Record<string, unknown>;
type Chart = Pick<EChartsType, "setOption" | "getOption" | "dispatchAction">;

const isObj = (v: unknown): v is Option => typeof v === "object" && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A time axis' span and bucket size, as build-graph-option sets them (min, max, minInterval). */
export interface TimeSpan {
  min: number;
  max: number;
  step: number;
}

/** The zoomed part of a time axis, in axis values (ms). */
export interface ZoomWindow {
  startValue: number;
  endValue: number;
}

/** Whether the option asks for drag-to-zoom (the toolbox dataZoom feature). */
export function hasTimeZoom(option: Option | null | undefined): boolean {
  const toolbox = first(option?.toolbox);
  return isObj(toolbox) && isObj(toolbox.feature) && isObj(toolbox.feature.dataZoom);
}

export function timeSpanOf(option: Option | null | undefined): TimeSpan | null {
  const axis = first(option?.xAxis);
  if (!isObj(axis) || axis.type !== "time") return null;
  const { min, max, minInterval } = axis;
  if (typeof min !== "number" || typeof max !== "number") return null;
  return { min, max, step: typeof minInterval === "number" ? minInterval : 0 };
}

/**
 * Whether `next` is the dashboard range `prev` was, a moment later: the same fixed window (an
 * absolute range), a "to date" range that grew (same start), or a "last n" range that slid
 * forward (both ends later; its start snaps to a bucket edge, so its length varies by less than
 * a bucket, a day bucket by an hour more across a DST change). Anything else is another range.
 */
export function sameRangeLater(prev: TimeSpan, next: TimeSpan): boolean {
  if (prev.step !== next.step) return false;
  if (next.min < prev.min || next.max < prev.max) return false;
  if (next.min === prev.min) return true;
  const slack = next.step >= DAY ? next.step + HOUR : next.step;
  return Math.abs(next.max - next.min - (prev.max - prev.min)) < slack;
}

interface DataZoomModelLike {
  getPercentRange(): number[] | undefined;
  getValueRange(): unknown[] | undefined;
}

/**
 * The zoomed window of the chart's time axis, or null when it shows its whole range. Read from
 * the model: the toolbox's dataZoom is an internal component, which getOption() leaves out.
 */
export function zoomOf(chart: Chart): ZoomWindow | null {
  type GlobalModelLike = { eachComponent(mainType: string, cb: (m: DataZoomModelLike) => void): void };
  const model = (chart as unknown as { getModel?(): GlobalModelLike | undefined }).getModel?.();
  let zoom: ZoomWindow | null = null;
  model?.eachComponent("dataZoom", (dz) => {
    const [start, end] = dz.getPercentRange() ?? [0, 100];
    const [startValue, endValue] = dz.getValueRange() ?? [];
    if ((start > 0 || end < 100) && typeof startValue === "number" && typeof endValue === "number") zoom ??= { startValue, endValue };
  });
  return zoom;
}

/** Zooms the time axis to a window (what a drag across the plot does). */
export function zoomTo(chart: Chart, zoom: ZoomWindow): void {
  chart.dispatchAction({ type: "dataZoom", startValue: zoom.startValue, endValue: zoom.endValue });
}

/** Shows the whole range again. */
export function resetZoom(chart: Chart): void {
  chart.dispatchAction({ type: "dataZoom", start: 0, end: 100 });
}

/** Turns drag-to-zoom on or off (the toolbox's select mode, kept by every later merge). */
export function setDragZoom(chart: Chart, on: boolean): void {
  chart.dispatchAction({ type: "takeGlobalCursor", key: "dataZoomSelect", dataZoomSelectActive: on });
}

/**
 * Draws `next` in place of `prev` without rebuilding the chart: the option is merged, so the
 * tooltip, the legend selection and the zoom (view state ECharts keeps in its components)
 * survive, and nothing is cleared between two frames. Series are matched by id and replaced
 * as a set, so a line that is gone disappears. The zoom is kept while the range is the same
 * one a moment later (a live update) and still overlaps it; another range shows whole.
 */
export function updateChart(chart: Chart, next: Option, prev: Option | null, options: { dragZoom: boolean }): void {
  if (!prev) {
    chart.setOption(next, { notMerge: true });
    if (hasTimeZoom(next)) setDragZoom(chart, options.dragZoom);
    return;
  }
  const zoom = hasTimeZoom(prev) ? zoomOf(chart) : null;
  chart.setOption(next, { replaceMerge: ["series"] });
  if (hasTimeZoom(next) && !hasTimeZoom(prev)) setDragZoom(chart, options.dragZoom);
  if (zoom && !keepsZoom(prev, next, zoom)) resetZoom(chart);
}

function keepsZoom(prev: Option, next: Option, zoom: ZoomWindow): boolean {
  const before = timeSpanOf(prev);
  const after = timeSpanOf(next);
  if (!hasTimeZoom(next) || !before || !after || !sameRangeLater(before, after)) return false;
  return zoom.endValue > after.min && zoom.startValue < after.max;
}

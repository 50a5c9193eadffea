import { afterEach, describe, expect, it } from "vitest";
import type { QueryResult } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { LIGHT_THEME } from "./chart-theme";
import { ssrChart } from "./testing/echarts-harness";
import { resetZoom, sameRangeLater, timeSpanOf, updateChart, zoomOf, zoomTo, type TimeSpan } from "./chart-update";
import { buildGraphOption } from "./options/build-graph-option";
import { buildPieOption } from "./options/build-pie-option";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 30, 10, 0, 17);

/** A "last n" window as the query engine resolves it: its start snapped down to a bucket edge. */
const lastN = (length: number, step: number, now = NOW): TimeSpan => ({ min: Math.floor((now - length) / step) * step, max: now, step });

describe("sameRangeLater: a live update keeps the zoom, another range does not", () => {
  it("takes a sliding range a moment later, its start snapped to the next bucket, as the same range", () => {
    expect(sameRangeLater(lastN(H, M), lastN(H, M, NOW + 2 * S))).toBe(true);
    expect(sameRangeLater(lastN(H, M), lastN(H, M, NOW + 50 * S))).toBe(true);
    expect(sameRangeLater(lastN(7 * D, H), lastN(7 * D, H, NOW + 59 * M))).toBe(true);
  });

  it("takes a to-date range that grew, and an absolute range fetched again, as the same range", () => {
    const today = { min: Date.UTC(2026, 10, 30), max: NOW, step: 15 * M };
    expect(sameRangeLater(today, { ...today, max: NOW + 5 * H })).toBe(true);
    expect(sameRangeLater(today, today)).toBe(true);
  });

  it("takes a longer, a shorter or an earlier range, or another bucket size, as another range", () => {
    expect(sameRangeLater(lastN(H, M), lastN(6 * H, 5 * M))).toBe(false);
    expect(sameRangeLater(lastN(6 * H, M), lastN(H, M))).toBe(false);
    expect(sameRangeLater(lastN(H, M), lastN(2 * H, M))).toBe(false);
    expect(sameRangeLater(lastN(D, 15 * M), { min: Date.UTC(2026, 10, 29), max: Date.UTC(2026, 10, 30), step: 15 * M })).toBe(false);
    expect(sameRangeLater(lastN(D, 15 * M), { min: Date.UTC(2026, 10, 30), max: NOW + S, step: 15 * M })).toBe(false);
    expect(sameRangeLater(lastN(H, M), { ...lastN(H, M), step: 5 * M })).toBe(false);
  });

  it("allows a day bucket the hour a DST change adds to a sliding range", () => {
    const before = { min: Date.UTC(2026, 9, 1, 22), max: Date.UTC(2026, 9, 30, 21, 59), step: D };
    // Past local midnight (UTC+1 after the change): the start moves a day and an hour less.
    const after = { min: Date.UTC(2026, 9, 2, 23), max: Date.UTC(2026, 9, 30, 23, 1), step: D };
    expect(sameRangeLater(before, after)).toBe(true);
  });
});

const graphConfig = (over: Partial<ConfigOf<"graph">> = {}): ConfigOf<"graph"> => ({
  type: "graph",
  title: "",
  queries: [{ source: "metric", name: "api.calls", aggregation: "sum", filters: [], groupBy: ["host"] }],
  style: "line",
  compare: false,
  ...over,
});

/** One minute bucket per point over the window [now - length, now], one series per host. */
function lastMinutes(length: number, hosts: string[], now = NOW, value = (i: number, h: number) => i * (h + 1)): QueryResult {
  const from = Math.floor((now - length) / M) * M;
  const buckets = Math.ceil((now - from) / M);
  return {
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    interval: "1m",
    intervalSeconds: 60,
    timezone: "UTC",
    tier: "raw",
    unit: null,
    series: hosts.map((host, h) => ({ key: `host=${host}`, tags: { host }, total: 1, points: Array.from({ length: buckets }, (_, i) => [from + i * M, value(i, h)] as [number, number | null]) })),
  };
}

const charts: ReturnType<typeof ssrChart>[] = [];
function chartWith(option: Record<string, unknown>) {
  const chart = ssrChart();
  charts.push(chart);
  updateChart(chart, option, null, { dragZoom: true });
  return chart;
}
afterEach(() => charts.splice(0).forEach((c) => c.dispose()));

/** Rendered SVG without the ids and class names each chart instance numbers itself. */
const drawing = (chart: ReturnType<typeof ssrChart>) => chart.renderToSVGString().replace(/zr\d+-(cls-|c)\d+/g, "x");

type Shown = { legend: { selected?: Record<string, boolean> }[]; series: { name: string; data: unknown[] }[] };
const shown = (chart: ReturnType<typeof ssrChart>) => chart.getOption() as unknown as Shown;

describe("updateChart: a new option is drawn in place", () => {
  it("draws an update exactly as a new chart of the new option would: values, style and theme", () => {
    const first = buildGraphOption([lastMinutes(H, ["a", "b"])], graphConfig({ style: "stacked", compare: true }), LIGHT_THEME);
    const dark = { ...LIGHT_THEME, dark: true, text: "#eef", muted: "#99a", border: "#334", surface: "#112", palette: ["#818cf8", "#22d3ee", "#fbbf24"] };
    const next = buildGraphOption([lastMinutes(H, ["a", "b"], NOW + 30 * S, (i, h) => 100 - i - h)], graphConfig({ style: "line" }), dark);
    const updated = chartWith(first);
    updateChart(updated, next, first, { dragZoom: true });
    expect(drawing(updated)).toBe(drawing(chartWith(next)));
    const pie = (v: number) => buildPieOption({ ...lastMinutes(H, []), series: ["free", "pro"].map((plan, i) => ({ key: plan, tags: { plan }, points: [], total: v + i })) }, { type: "pie", title: "", query: graphConfig().queries[0], donut: true }, LIGHT_THEME);
    const pieChart = chartWith(pie(1));
    updateChart(pieChart, pie(50), pie(1), { dragZoom: true });
    expect(drawing(pieChart)).toBe(drawing(chartWith(pie(50))));
  });

  it("keeps the lines the user hid in the legend hidden, removes lines that are gone and adds new ones", () => {
    const first = buildGraphOption([lastMinutes(H, ["a", "b", "c"])], graphConfig(), LIGHT_THEME);
    const chart = chartWith(first);
    chart.dispatchAction({ type: "legendUnSelect", name: "b" });
    const next = buildGraphOption([lastMinutes(H, ["a", "b", "d"], NOW + 5 * S)], graphConfig(), LIGHT_THEME);
    updateChart(chart, next, first, { dragZoom: true });
    expect(shown(chart).legend[0].selected).toMatchObject({ a: true, b: false });
    expect(shown(chart).series.map((s) => s.name).sort()).toEqual(["a", "b", "d"]);
    expect(shown(chart).series.find((s) => s.name === "a")!.data).toEqual(next.series[0].data);
    // Down to one line: the legend is hidden, not left over from before.
    const single = buildGraphOption([lastMinutes(H, ["a"], NOW + 10 * S)], graphConfig(), LIGHT_THEME);
    updateChart(chart, single, next, { dragZoom: true });
    expect(shown(chart).series.map((s) => s.name)).toEqual(["a"]);
    expect((chart.getOption() as { legend: { show: boolean }[] }).legend[0].show).toBe(false);
  });

  it("keeps the zoom while a live range slides, and shows the whole range when the range changes", () => {
    const first = buildGraphOption([lastMinutes(H, ["a", "b"])], graphConfig(), LIGHT_THEME);
    const chart = chartWith(first);
    expect(zoomOf(chart)).toBeNull();
    const zoom = { startValue: NOW - 40 * M, endValue: NOW - 25 * M };
    zoomTo(chart, zoom);
    expect(zoomOf(chart)).toEqual(zoom);
    let prev = first;
    for (const later of [2 * S, 40 * S, 3 * M]) {
      const next = buildGraphOption([lastMinutes(H, ["a", "b"], NOW + later)], graphConfig(), LIGHT_THEME);
      updateChart(chart, next, prev, { dragZoom: true });
      expect(zoomOf(chart), `${later} ms later`).toEqual(zoom);
      prev = next;
    }
    const sixHours = buildGraphOption([lastMinutes(6 * H, ["a", "b"], NOW + 4 * M)], graphConfig(), LIGHT_THEME);
    updateChart(chart, sixHours, prev, { dragZoom: true });
    expect(zoomOf(chart)).toBeNull();
  });

  it("shows the whole range once a sliding range has left the zoomed window behind", () => {
    const first = buildGraphOption([lastMinutes(15 * M, ["a"])], graphConfig(), LIGHT_THEME);
    const chart = chartWith(first);
    zoomTo(chart, { startValue: NOW - 14 * M, endValue: NOW - 12 * M });
    const later = buildGraphOption([lastMinutes(15 * M, ["a"], NOW + 10 * M)], graphConfig(), LIGHT_THEME);
    updateChart(chart, later, first, { dragZoom: true });
    expect(zoomOf(chart)).toBeNull();
  });

  it("resets the zoom on request, and spans the dashboard range on the time axis", () => {
    const option = buildGraphOption([lastMinutes(H, ["a"])], graphConfig(), LIGHT_THEME);
    const chart = chartWith(option);
    zoomTo(chart, { startValue: NOW - 30 * M, endValue: NOW - 20 * M });
    resetZoom(chart);
    expect(zoomOf(chart)).toBeNull();
    expect(timeSpanOf(option)).toEqual({ min: Math.floor((NOW - H) / M) * M, max: NOW, step: M });
  });
});

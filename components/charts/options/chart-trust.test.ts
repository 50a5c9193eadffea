import { describe, expect, it } from "vitest";
import type { Point, QueryResult, Series } from "@/lib/query/model";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { LIGHT_THEME } from "../chart-theme";
import { seriesColor, seriesKey } from "../series-color";
import { SsrChart, formatterCalls } from "../testing/echarts-harness";
import { buildGraphOption } from "./build-graph-option";
import { buildBarOption } from "./build-bar-option";
import { buildPieOption } from "./build-pie-option";
import { buildHeatmapOption, labelledColumns } from "./build-heatmap-option";
import { buildTableRows } from "./build-table-rows";
import { buildNumberView, buildSparklineOption } from "./build-number-view";
import { catalogKey, type ChartContext } from "./chart-context";
import { fillGaps, isolatedPoints } from "./fill-gaps";

// What a person must be able to trust in a chart: sparse data is drawn, a series keeps its
// colour, an axis writes its ticks one way, totals and time zones are said. Asserted on the
// built option and, where it matters, on what real ECharts makes of it.

const M = 60_000;
const START = Date.UTC(2026, 10, 23, 12, 0);
const NOW = START + 60 * M;

/** A gauge reported every 5 minutes, in 1-minute buckets over the last hour (ending now). */
function sparseGauge(): Point[] {
  return Array.from({ length: 60 }, (_, i): Point => [START + i * M, i % 5 === 2 ? 40 + i : null]);
}

function result(series: Partial<Series>[], over: Partial<QueryResult> = {}): QueryResult {
  return {
    from: new Date(START).toISOString(),
    to: new Date(NOW).toISOString(),
    interval: "1m",
    intervalSeconds: 60,
    timezone: "Europe/Berlin",
    tier: "raw",
    unit: null,
    series: series.map((s, i) => ({ key: `k${i}`, tags: {}, points: [], total: null, ...s })),
    ...over,
  };
}

const query = (name: string, over: Record<string, unknown> = {}) => ({ source: "metric" as const, name, aggregation: "avg" as const, filters: [], groupBy: [], ...over });
const graph = (over: Partial<ConfigOf<"graph">> = {}): ConfigOf<"graph"> => ({ type: "graph", title: "", queries: [query("cpu.load")], style: "line", compare: false, ...over });
const gaugeCatalog: ChartContext = { catalog: new Map([[catalogKey("metric", "cpu.load"), { type: "gauge", displayName: "CPU load" }]]), now: NOW };
const counterCatalog: ChartContext = { catalog: new Map([[catalogKey("metric", "cpu.load"), { type: "counter", displayName: null }]]), now: NOW };

type Line = { id: string; data: (Point | { value: Point; symbol: string; symbolSize: number })[]; showSymbol: boolean; symbol: string; itemStyle: { color: string } };
const lines = (option: ReturnType<typeof buildGraphOption>) => option.series as unknown as Line[];
const valueOf = (d: Line["data"][number]) => (Array.isArray(d) ? d : d.value);

/** How ECharts itself draws a line's items: which data indices get a visible symbol. */
function drawnSymbols(option: Record<string, unknown>, seriesIndex = 0): number[] {
  const chart = new SsrChart(option);
  try {
    const data = (chart.chart as unknown as { getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; getItemGraphicEl(i: number): unknown } } } }).getModel().getSeriesByIndex(seriesIndex).getData();
    return [...Array(data.count()).keys()].filter((i) => Boolean(data.getItemGraphicEl(i)));
  } finally {
    chart.dispose();
  }
}

describe("sparse data is drawn", () => {
  it("gives every lone value a symbol ECharts draws, and no other value one", () => {
    const points = sparseGauge();
    const option = buildGraphOption([result([{ key: "*", points }])], graph({ fill: "none" }), LIGHT_THEME, { now: NOW });
    const line = lines(option)[0];
    expect(line.showSymbol).toBe(true);
    const lone = points.flatMap(([, v], i) => (v === null ? [] : [i]));
    expect(lone).toHaveLength(12);
    expect(drawnSymbols(option)).toEqual(lone);
    // The values themselves are unchanged, still at their times.
    expect(line.data.map(valueOf)).toEqual(points);
  });

  it("draws lone buckets of a percentile line the same way (distributions are not carried)", () => {
    const p95 = [[START, null], [START + M, 120], [START + 2 * M, null], [START + 3 * M, 80], [START + 4 * M, 95]] as Point[];
    const config = graph({ queries: [query("http.duration", { aggregation: "p95" })] });
    const option = buildGraphOption([result([{ key: "*", points: p95 }])], config, LIGHT_THEME, { now: NOW, catalog: new Map([[catalogKey("metric", "http.duration"), { type: "distribution" }]]) });
    expect(lines(option)[0].data.map(valueOf)).toEqual(p95);
    expect(drawnSymbols(option)).toEqual([1]);
  });

  it("keeps ECharts' plain line, hover dot and all, when no value stands alone", () => {
    const dense = Array.from({ length: 10 }, (_, i): Point => [START + i * M, i]);
    const option = buildGraphOption([result([{ key: "*", points: dense }])], graph(), LIGHT_THEME, { now: NOW });
    expect(lines(option)[0]).toMatchObject({ showSymbol: false, symbol: "emptyCircle", data: dense });
  });

  it("carries a gauge's last reading across empty buckets, from its first reading up to now, and says so in the tooltip", () => {
    const points = sparseGauge();
    const option = buildGraphOption([result([{ key: "*", points }])], graph(), LIGHT_THEME, gaugeCatalog);
    const data = lines(option)[0].data.map(valueOf);
    expect(data.slice(0, 2).map(([, v]) => v)).toEqual([null, null]);
    expect(data.slice(2, 7).map(([, v]) => v)).toEqual([42, 42, 42, 42, 42]);
    expect(data[7][1]).toBe(47);
    expect(data[59][1]).toBe(97);
    expect(drawnSymbols(option)).toEqual([]);
    const tooltip = formatterCalls(new SsrChart(option)).find((c) => c.path === "tooltip.formatter")!;
    expect(tooltip).toBeDefined();
    const html = (option.tooltip.formatter as (p: unknown) => string)([{ seriesId: "0:*", seriesName: "cpu.load", dataIndex: 4, value: data[4], axisValue: data[4][0], color: "#4f46e5" }]);
    expect(html).toContain("last reading 13:02");
    const reading = (option.tooltip.formatter as (p: unknown) => string)([{ seriesId: "0:*", seriesName: "cpu.load", dataIndex: 7, value: data[7], axisValue: data[7][0], color: "#4f46e5" }]);
    expect(reading).not.toContain("last reading");
  });

  it("leaves buckets after now empty, and counters' gaps as gaps", () => {
    const points: Point[] = [[START, 5], [START + M, null], [NOW + M, null]];
    expect(fillGaps(points, "last", NOW).points).toEqual([[START, 5], [START + M, 5], [NOW + M, null]]);
    expect(fillGaps(points, "zero", NOW).points).toEqual([[START, 5], [START + M, 0], [NOW + M, null]]);
    const option = buildGraphOption([result([{ key: "*", points: sparseGauge() }])], graph(), LIGHT_THEME, counterCatalog);
    expect(lines(option)[0].data.map(valueOf)).toEqual(sparseGauge());
    const forced = buildGraphOption([result([{ key: "*", points: sparseGauge() }])], graph({ fill: "zero" }), LIGHT_THEME, counterCatalog);
    expect(lines(forced)[0].data.map(valueOf).every(([, v]) => v !== null)).toBe(true);
  });

  it("draws the lone values of a number widget's sparkline too", () => {
    const view = buildNumberView(result([{ key: "*", points: sparseGauge(), total: 1 }]), { type: "number", title: "", query: query("cpu.load"), higherIsBetter: true, thresholds: [] });
    expect(drawnSymbols(buildSparklineOption(view, LIGHT_THEME))).toHaveLength(12);
  });

  it("finds lone values at the edges and in the middle", () => {
    expect(isolatedPoints([[0, 1], [1, null], [2, 3], [3, 4], [4, null], [5, 6]])).toEqual([0, 5]);
    expect(isolatedPoints([[0, 1]])).toEqual([0]);
  });
});

describe("colours follow identity, not rank", () => {
  const grouped = (totals: Record<string, number>) =>
    result(Object.entries(totals).map(([plan, total]) => ({ key: `plan=${plan}`, tags: { plan }, total, points: [[START, total]] as Point[] })));
  const signups = query("signups", { groupBy: ["plan"] });

  it("gives a group the same colour before and after the ranks change, in graph, bar and pie", () => {
    const before = grouped({ free: 100, pro: 50, team: 10, other: 5 });
    const after = grouped({ pro: 300, team: 200, free: 20, other: 5 });
    const graphColors = (r: QueryResult) => Object.fromEntries(lines(buildGraphOption([r], graph({ queries: [signups] }), LIGHT_THEME)).map((l) => [l.id, l.itemStyle.color]));
    expect(graphColors(after)).toEqual(graphColors(before));
    // Bars: the colour ECharts actually gives each bar, by its category.
    const barColors = (r: QueryResult) => {
      const chart = new SsrChart(buildBarOption(r, { type: "bar", title: "", query: signups, orientation: "vertical" }, LIGHT_THEME));
      try {
        const model = (chart.chart as unknown as { getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; getName(i: number): string; getItemVisual(i: number, k: string): { fill: string } } } } }).getModel();
        const data = model.getSeriesByIndex(0).getData();
        return Object.fromEntries([...Array(data.count()).keys()].map((i) => [data.getName(i), data.getItemVisual(i, "style").fill]));
      } finally {
        chart.dispose();
      }
    };
    expect(barColors(after)).toEqual(barColors(before));
    const pieColors = (r: QueryResult) => Object.fromEntries(buildPieOption(r, { type: "pie", title: "", query: signups, donut: true }, LIGHT_THEME).series[0].data.map((d) => [d.name, d.itemStyle.color]));
    expect(pieColors(after)).toEqual(pieColors(before));
    // The same group of the same metric has one colour in every widget type.
    expect(barColors(before).free).toBe(pieColors(before).free);
    expect(graphColors(before)["0:plan=free"]).toBe(pieColors(before).free);
  });

  it("always draws the 'other' group grey, and no other group grey", () => {
    const r = grouped({ free: 100, pro: 50, other: 5 });
    const pie = buildPieOption(r, { type: "pie", title: "", query: signups, donut: true }, LIGHT_THEME).series[0].data;
    expect(pie.find((d) => d.name === "other")!.itemStyle.color).toBe(LIGHT_THEME.other);
    expect(pie.filter((d) => d.name !== "other").map((d) => d.itemStyle.color)).not.toContain(LIGHT_THEME.other);
    const line = lines(buildGraphOption([r], graph({ queries: [signups] }), LIGHT_THEME)).find((l) => l.id === "0:plan=other")!;
    expect(line.itemStyle.color).toBe(LIGHT_THEME.other);
  });

  it("hashes the identity into the palette, the same in every call, and keeps colours of one chart apart", () => {
    const key = seriesKey("signups", { key: "plan=free", tags: { plan: "free" } });
    expect(seriesColor(key, LIGHT_THEME)).toBe(seriesColor(key, LIGHT_THEME));
    expect(LIGHT_THEME.palette).toContain(seriesColor(key, LIGHT_THEME));
    const many = grouped(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`plan-${i}`, i + 1])));
    const colors = lines(buildGraphOption([many], graph({ queries: [signups] }), LIGHT_THEME)).map((l) => l.itemStyle.color);
    expect(new Set(colors).size).toBe(10);
  });
});

/** The y-axis labels real ECharts draws for an option. */
function valueAxisLabels(option: Record<string, unknown>, axis: "xAxis" | "yAxis" = "yAxis"): string[] {
  const chart = new SsrChart(option);
  try {
    const model = (chart.chart as unknown as { getModel(): { getComponent(t: string, i: number): { axis: { getViewLabels(): { formattedLabel: string }[] } } } }).getModel();
    return model.getComponent(axis, 0).axis.getViewLabels().map((l) => l.formattedLabel);
  } finally {
    chart.dispose();
  }
}

const decimals = (label: string) => label.match(/\.(\d+)/)?.[1].length ?? 0;

describe("one format per axis", () => {
  it.each([
    ["usd", [0, 480, 1200]],
    ["usd", [0.2, 0.9, 1.2]],
    [null, [1200, 9000, 14_000]],
    [null, [0.004, 0.013]],
    ["ms", [120, 900, 1700]],
    ["bytes", [5, 800_000, 1_600_000]],
    ["percent", [12.5, 37.5, 99]],
  ] as const)("writes every tick of a %s axis over %j with the same decimals and unit style", (unit, values) => {
    const points = values.map((v, i): Point => [START + i * M, v]);
    const labels = valueAxisLabels(buildGraphOption([result([{ key: "*", points }], { unit })], graph(), LIGHT_THEME, { now: NOW }));
    expect(labels.length).toBeGreaterThan(2);
    expect(new Set(labels.map(decimals)).size, labels.join(", ")).toBe(1);
    const suffix = (l: string) => l.replace(/[-\d.,]/g, "");
    expect(new Set(labels.map(suffix)).size, labels.join(", ")).toBe(1);
  });

  it("does the same on a bar chart's value axis", () => {
    const r = result([{ key: "a", tags: { plan: "a" }, total: 0.5 }, { key: "b", tags: { plan: "b" }, total: 1000 }], { unit: "usd" });
    const labels = valueAxisLabels(buildBarOption(r, { type: "bar", title: "", query: query("revenue", { groupBy: ["plan"] }), orientation: "vertical" }, LIGHT_THEME));
    expect(labels).toEqual(["$0", "$200", "$400", "$600", "$800", "$1,000"]);
  });
});

describe("labels say what they mean", () => {
  it("puts the total in the middle of a donut and above a pie, and each share in the legend", () => {
    const r = result([{ key: "plan=free", tags: { plan: "free" }, total: 30 }, { key: "plan=pro", tags: { plan: "pro" }, total: 90 }], { unit: "usd" });
    const donut = buildPieOption(r, { type: "pie", title: "", query: query("revenue"), donut: true }, LIGHT_THEME);
    expect(donut.title).toMatchObject({ text: "$120.00", subtext: "Total", textAlign: "center" });
    expect(donut.legend.formatter("pro")).toBe("pro  75.0%");
    const pie = buildPieOption(r, { type: "pie", title: "", query: query("revenue"), donut: false }, LIGHT_THEME);
    expect(pie.title).toMatchObject({ text: "$120.00", top: 0 });
  });

  it("names the time zone in every tooltip", () => {
    const r = result([{ key: "plan=free", tags: { plan: "free" }, total: 30, points: [[START, 30]] }]);
    const g = buildGraphOption([r], graph(), LIGHT_THEME, { now: NOW });
    expect((g.tooltip.formatter as (p: unknown) => string)([{ seriesId: "0:plan=free", seriesName: "free", dataIndex: 0, value: [START, 30], axisValue: START }])).toContain("Mon 23 Nov, 13:00 (Europe/Berlin)");
    const bar = buildBarOption(r, { type: "bar", title: "", query: query("x"), orientation: "vertical" }, LIGHT_THEME);
    expect((bar.tooltip.formatter as (p: unknown) => string)([{ name: "free", seriesName: "x", value: 30 }])).toContain("(Europe/Berlin)");
    const pie = buildPieOption(r, { type: "pie", title: "", query: query("x"), donut: true }, LIGHT_THEME);
    expect((pie.tooltip.formatter as (p: unknown) => string)({ name: "free", value: 30, percent: 100 })).toContain("(Europe/Berlin)");
    const heat = buildHeatmapOption({ ...r, intervalSeconds: 3600 }, { type: "heatmap", title: "", query: query("x"), mode: "week_hours" }, LIGHT_THEME);
    expect((heat.tooltip.formatter as (p: unknown) => string)({ value: [14, 0, 30], seriesName: "x" })).toContain("Mon 14:00 (Europe/Berlin)");
  });

  it("heads table columns with the display name (or label) and the aggregation", () => {
    const r = result([{ key: "plan=free", tags: { plan: "free" }, total: 30 }]);
    const config: ConfigOf<"table"> = { type: "table", title: "", queries: [query("order.revenue", { aggregation: "sum", groupBy: ["plan"] }), query("order.revenue", { aggregation: "unique", label: "Buyers" })] };
    const catalog: ChartContext = { catalog: new Map([[catalogKey("metric", "order.revenue"), { type: "counter", displayName: "Revenue" }]]) };
    expect(buildTableRows([r, r], config, catalog).columns.map((c) => c.label)).toEqual(["Revenue · sum", "Buyers · unique"]);
    expect(buildTableRows([r, r], config).columns[0].label).toBe("order.revenue · sum");
  });

  it("labels value buckets in the metric's unit", () => {
    const r = result([
      { key: "1", tags: { bucket: "500–1000" }, bucketLow: 500, bucketHigh: 1000, points: [[START, 2]] },
      { key: "0", tags: { bucket: "0–500" }, bucketLow: 0, bucketHigh: 500, points: [[START, 3]] },
    ], { unit: "ms" });
    const option = buildHeatmapOption(r, { type: "heatmap", title: "", query: query("http.duration", { aggregation: "histogram" }), mode: "distribution" }, LIGHT_THEME);
    expect(option.yAxis.data).toEqual(["0.0 s–0.5 s", "0.5 s–1.0 s"]);
  });

  it("labels heatmap time columns at round, evenly spaced times in the query's zone, and ECharts draws each of them", () => {
    const times = Array.from({ length: 60 }, (_, i) => START + i * M);
    const labelled = [...labelledColumns(times, "Europe/Berlin")];
    expect(labelled).toEqual([0, 10, 20, 30, 40, 50]);
    // Hourly buckets start on the zone's hours: 18:30 UTC is midnight in Kolkata.
    const hourly = Array.from({ length: 48 }, (_, i) => Date.UTC(2026, 10, 22, 18, 30) + i * 3_600_000);
    expect([...labelledColumns(hourly, "Asia/Kolkata")].map((i) => new Date(hourly[i] + 5.5 * 3_600_000).getUTCHours())).toEqual([0, 12, 0, 12]);
    const r = result([{ key: "0", tags: {}, bucketLow: 0, bucketHigh: 10, points: times.map((t): Point => [t, 1]) }]);
    const drawn = valueAxisLabels(buildHeatmapOption(r, { type: "heatmap", title: "", query: query("x", { aggregation: "histogram" }), mode: "distribution" }, LIGHT_THEME), "xAxis").filter(Boolean);
    expect(drawn).toEqual(["13:00", "13:10", "13:20", "13:30", "13:40", "13:50"]);
  });
});

describe("no deprecated grid layout", () => {
  it("keeps axis labels inside the chart with ECharts 6's outer bounds, not containLabel", () => {
    const r = result([{ key: "a", tags: { plan: "a" }, total: 1, points: [[START, 1]] }]);
    const options = [
      buildGraphOption([r], graph(), LIGHT_THEME),
      buildBarOption(r, { type: "bar", title: "", query: query("x"), orientation: "horizontal" }, LIGHT_THEME),
      buildHeatmapOption(r, { type: "heatmap", title: "", query: query("x"), mode: "week_hours" }, LIGHT_THEME),
    ];
    for (const o of options) {
      expect(o.grid).not.toHaveProperty("containLabel");
      expect(o.grid).toMatchObject({ outerBoundsMode: "same", outerBoundsContain: "axisLabel" });
    }
  });
});

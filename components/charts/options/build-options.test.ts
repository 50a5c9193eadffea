import { describe, expect, it } from "vitest";
import type { QueryResult, Series } from "@/lib/query/model";
import { LIGHT_THEME } from "../chart-theme";
import { buildGraphOption } from "./build-graph-option";
import { timeAxisLabel } from "./common";
import { buildBarOption } from "./build-bar-option";
import { buildPieOption } from "./build-pie-option";
import { buildHeatmapOption, distributionCells, foldWeekHours } from "./build-heatmap-option";
import { buildNumberView, thresholdTone } from "./build-number-view";
import { buildTableRows, sortRows } from "./build-table-rows";

const H = 3_600_000;
const MONDAY = Date.UTC(2026, 10, 23); // a Monday, 00:00 UTC

function result(series: Partial<Series>[], unit: string | null = null): QueryResult {
  return {
    from: new Date(MONDAY).toISOString(),
    to: new Date(MONDAY + 7 * 24 * H).toISOString(),
    interval: "1h",
    intervalSeconds: 3600,
    timezone: "UTC",
    tier: "1h",
    unit,
    series: series.map((s, i) => ({ key: `k${i}`, tags: {}, points: [], total: null, ...s })),
  };
}

const q = (over: Record<string, unknown> = {}) => ({ source: "metric" as const, name: "api.calls", aggregation: "sum" as const, filters: [], groupBy: [], ...over });

describe("buildNumberView", () => {
  it("compares the total with the previous period and colours by direction", () => {
    const r = result([{ key: "*", total: 120, previous: { points: [], total: 100 }, points: [[MONDAY, 1]] }]);
    const view = buildNumberView(r, { type: "number", title: "", query: q(), higherIsBetter: true, thresholds: [] });
    expect(view).toMatchObject({ value: 120, previous: 100, change: 20, direction: "up", tone: "good" });
    const worse = buildNumberView(r, { type: "number", title: "", query: q(), higherIsBetter: false, thresholds: [] });
    expect(worse.tone).toBe("bad");
  });

  it("lets the highest reached threshold colour the value", () => {
    expect(thresholdTone(250, [{ value: 100, color: "warn" }, { value: 200, color: "bad" }])).toBe("bad");
    expect(thresholdTone(50, [{ value: 100, color: "warn" }])).toBeNull();
  });
});

describe("buildGraphOption", () => {
  it("draws one line per group and a dashed previous period when comparing", () => {
    const r = result([
      { key: "endpoint=/a", tags: { endpoint: "/a" }, points: [[MONDAY, 1], [MONDAY + H, 2]], previous: { points: [[MONDAY, 3]], total: 3 } },
      { key: "endpoint=/b", tags: { endpoint: "/b" }, points: [[MONDAY, 4]] },
    ]);
    const option = buildGraphOption([r], { type: "graph", title: "", queries: [q()], style: "stacked", compare: true }, LIGHT_THEME);
    expect(option.series.map((s) => s.name)).toEqual(["/a", "/a (previous)", "/b"]);
    expect(option.series[0]).toMatchObject({ stack: "total", data: [[MONDAY, 1], [MONDAY + H, 2]] });
    expect(option.series[1]).toMatchObject({ lineStyle: { type: "dashed" } });
  });

  it("gives every line an id of its query and group, unique even when two groups share a key", () => {
    const r = result([{ key: "endpoint=/a", tags: { endpoint: "/a" }, previous: { points: [], total: 0 } }, { key: "endpoint=/a", tags: { endpoint: "/a" } }]);
    const option = buildGraphOption([r, result([{ key: "*" }])], { type: "graph", title: "", queries: [q(), q({ name: "errors" })], style: "line", compare: true }, LIGHT_THEME);
    expect(option.series.map((s) => s.id)).toEqual(["0:endpoint=/a", "0:endpoint=/a:previous", "0:endpoint=/a#2", "1:*"]);
  });

  it("spans the whole range on the time axis, the bucket as the smallest tick step", () => {
    const r = { ...result([{ key: "*", points: [[MONDAY + 3 * H, 1]] }]), from: new Date(MONDAY).toISOString(), to: new Date(MONDAY + 6 * H + 17_000).toISOString() };
    const option = buildGraphOption([r], { type: "graph", title: "", queries: [q()], style: "line", compare: false }, LIGHT_THEME);
    expect(option.xAxis).toMatchObject({ type: "time", min: MONDAY, max: MONDAY + 6 * H + 17_000, minInterval: H });
  });

  it("zooms by dragging across the time axis only, never by the mouse wheel", () => {
    const option = buildGraphOption([result([{ key: "*" }])], { type: "graph", title: "", queries: [q()], style: "area", compare: false }, LIGHT_THEME);
    expect(option.toolbox).toMatchObject({ show: true, feature: { dataZoom: { yAxisIndex: "none" } } });
    expect(Object.keys(option.toolbox.feature)).toEqual(["dataZoom"]);
    expect("dataZoom" in option).toBe(false);
  });

  it("keeps a legend for one line, hidden, so that an update from several lines hides it", () => {
    const one = buildGraphOption([result([{ key: "*" }])], { type: "graph", title: "", queries: [q()], style: "line", compare: false }, LIGHT_THEME);
    expect(one.legend).toMatchObject({ show: false });
    expect(one.series[0]).toMatchObject({ stack: null, areaStyle: null });
  });
});

describe("bar and pie", () => {
  const r = result([
    { key: "a", tags: { plan: "free" }, total: 10 },
    { key: "b", tags: { plan: "other" }, total: 50 },
    { key: "c", tags: { plan: "pro" }, total: 30 },
  ]);

  it("ranks groups by total and keeps 'other' last", () => {
    const vertical = buildBarOption(r, { type: "bar", title: "", query: q(), orientation: "vertical" }, LIGHT_THEME);
    expect(vertical.xAxis).toMatchObject({ data: ["pro", "free", "other"] });
    expect(vertical.series[0].data).toEqual([30, 10, 50]);
    const horizontal = buildBarOption(r, { type: "bar", title: "", query: q(), orientation: "horizontal" }, LIGHT_THEME);
    expect(horizontal.yAxis).toMatchObject({ data: ["other", "free", "pro"] });
  });

  it("gives the pie one slice per group", () => {
    const option = buildPieOption(r, { type: "pie", title: "", query: q(), donut: true }, LIGHT_THEME);
    expect(option.series[0].data).toMatchObject([{ name: "pro", value: 30 }, { name: "free", value: 10 }, { name: "other", value: 50, itemStyle: { color: LIGHT_THEME.other } }]);
  });
});

describe("table", () => {
  it("joins columns by group and totals only additive ones", () => {
    const calls = result([{ key: "e=/a", tags: { e: "/a" }, total: 100 }, { key: "e=/b", tags: { e: "/b" }, total: 300 }]);
    const p95 = result([{ key: "e=/b", tags: { e: "/b" }, total: 80 }, { key: "e=/a", tags: { e: "/a" }, total: 120 }], "ms");
    const table = buildTableRows([calls, p95], { type: "table", title: "", queries: [q({ groupBy: ["e"] }), q({ name: "latency", aggregation: "p95" })] });
    expect(table.rows.map((r) => [r.label, ...r.values])).toEqual([["/a", 100, 120], ["/b", 300, 80]]);
    expect(table.totals).toEqual([400, null]);
    expect(table.columns[1].unit).toBe("ms");
    expect(sortRows(table.rows, 1, "asc").map((r) => r.label)).toEqual(["/b", "/a"]);
    expect(sortRows(table.rows, 0, "desc").map((r) => r.label)).toEqual(["/b", "/a"]);
  });
});

describe("heatmap", () => {
  it("folds hourly counts onto hour of day × weekday", () => {
    const r = result([{ key: "*", points: [[MONDAY + 9 * H, 5], [MONDAY + 7 * 24 * H + 9 * H, 7], [MONDAY + 6 * 24 * H + 23 * H, 1]] }]);
    const cells = foldWeekHours(r, "count");
    expect(cells).toContainEqual([9, 0, 12]);
    expect(cells).toContainEqual([23, 6, 1]);
    expect(foldWeekHours(r, "avg")).toContainEqual([9, 0, 6]);
  });

  it("lays value buckets over time for distributions", () => {
    const r = result([
      { key: "b2", tags: { bucket: "100–200" }, bucketLow: 100, bucketHigh: 200, points: [[MONDAY, 3], [MONDAY + H, 0]] },
      { key: "b1", tags: { bucket: "0–100" }, bucketLow: 0, bucketHigh: 100, points: [[MONDAY, 9], [MONDAY + H, 4]] },
    ]);
    const d = distributionCells(r);
    expect(d.buckets).toEqual(["0–100", "100–200"]);
    expect(d.cells).toEqual([[0, 0, 9], [1, 0, 4], [0, 1, 3]]);
    const option = buildHeatmapOption(r, { type: "heatmap", title: "", query: q({ aggregation: "histogram" }), mode: "distribution" }, LIGHT_THEME);
    expect(option.visualMap.max).toBe(9);
    expect(option.visualMap.text).toEqual(["9", "0"]);
  });

  it("dates every column of a value-bucket heatmap that spans days", () => {
    const r = result([{ key: "b1", tags: { bucket: "0–100" }, bucketLow: 0, bucketHigh: 100, points: [[MONDAY + 13 * H, 1], [MONDAY + 37 * H, 2]] }]);
    const option = buildHeatmapOption(r, { type: "heatmap", title: "", query: q({ aggregation: "histogram" }), mode: "distribution" }, LIGHT_THEME);
    expect(option.xAxis.data.every((label: string) => /^\d{1,2} [A-Z][a-z]{2}/.test(label))).toBe(true);
  });
});

describe("time axis labels", () => {
  it("reads bucket times in the query's zone", () => {
    expect(timeAxisLabel({ intervalSeconds: 3600, timezone: "Europe/Berlin" })(Date.UTC(2026, 0, 1, 12))).toBe("13:00");
    expect(timeAxisLabel({ intervalSeconds: 3600, timezone: "UTC" })(Date.UTC(2026, 0, 1, 0))).toBe("1 Jan");
    expect(timeAxisLabel({ intervalSeconds: 86_400, timezone: "America/New_York" })(Date.UTC(2026, 0, 2, 5))).toBe("2 Jan");
  });

  it("puts the date before the time when asked", () => {
    expect(timeAxisLabel({ intervalSeconds: 3600, timezone: "UTC" }, { withDate: true })(Date.UTC(2026, 0, 1, 12))).toBe("1 Jan 12:00");
  });
});

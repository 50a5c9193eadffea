import { describe, expect, it } from "vitest";
import type { QueryResult, Series } from "@/lib/query/model";
import { WidgetConfig } from "@/lib/dashboards/schema";
import { formatValue } from "@/lib/format/format-value";
import type { ConfigOf } from "@/lib/dashboards/schema";
import { LIGHT_THEME } from "@/components/charts/chart-theme";
import { buildHeatmapOption } from "@/components/charts/options/build-heatmap-option";
import { widgetCsv } from "./widget-csv";
import { shownValue } from "./csv-values";

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 23, 13); // 14:00 in Berlin (CET, UTC+1)
const result = (series: Series[], over: Partial<QueryResult> = {}): QueryResult => ({
  from: new Date(T0).toISOString(), to: new Date(T0 + 7 * 24 * H).toISOString(), interval: "1h", intervalSeconds: 3600, timezone: "Europe/Berlin", tier: "1h", unit: null, series, ...over,
});
const series = (key: string, tags: Record<string, string>, points: [number, number | null][], extra: Partial<Series> = {}): Series => ({
  key, tags, points, total: points.reduce((s, [, v]) => s + (v ?? 0), 0), ...extra,
});
const context = { title: "Revenue", rangeLabel: "Last 7 days", timezone: "Europe/Berlin" };
const q = (name: string, aggregation: string, more: Record<string, unknown> = {}) => ({ source: "metric", name, aggregation, ...more });

/** The CSV as rows of cells (no field here holds a comma or a quote, the header line aside). */
function parse(csv: string) {
  const [head, ...rest] = csv.trimEnd().split("\n");
  return { head, columns: rest[0].split(","), rows: rest.slice(1).map((l) => l.split(",")) };
}

describe("widgetCsv: every export is what the widget shows", () => {
  it("table: the groups and one named column per query with units, values rounded as shown, then totals", () => {
    const config = WidgetConfig.parse({ type: "table", title: "Revenue", queries: [q("revenue", "sum", { groupBy: ["plan"] }), q("orders", "count", { groupBy: ["plan"] }), q("orders", "count", { groupBy: ["plan"] })] });
    const revenue = result([series("plan=pro", { plan: "pro" }, [[T0, 197.67000000000002]]), series("plan=free", { plan: "free" }, [[T0, 12.30000000004]])], { unit: "usd" });
    const orders = result([series("plan=pro", { plan: "pro" }, [[T0, 1234.5]]), series("plan=free", { plan: "free" }, [[T0, 3]])]);
    const csv = parse(widgetCsv({ config, results: [revenue, orders, orders], context }));
    expect(csv.head).toBe('"# Revenue — Last 7 days (2026-11-23 14:00 – 2026-11-30 14:00, Europe/Berlin)"');
    expect(csv.columns).toEqual(["plan", "revenue · sum (usd)", "orders · count", "orders · count (2)"]);
    expect(new Set(csv.columns).size).toBe(csv.columns.length);
    expect(csv.rows).toEqual([
      ["pro", "197.67", "1235", "1235"],
      ["free", "12.3", "3", "3"],
      ["Total", "209.97", "1238", "1238"],
    ]);
  });

  it("table: several group-by keys become one column each; an ungrouped table has one row named after the query", () => {
    const grouped = WidgetConfig.parse({ type: "table", title: "", queries: [q("latency", "p95", { groupBy: ["endpoint", "region"], label: "Latency" })] });
    const rows = result([series("endpoint=/a, region=eu", { endpoint: "/a", region: "eu" }, [[T0, 0.123456]])], { unit: "ms" });
    const g = parse(widgetCsv({ config: grouped, results: [rows], context }));
    expect(g.columns).toEqual(["endpoint", "region", "Latency · p95 (ms)"]);
    expect(g.rows).toEqual([["/a", "eu", "0.123"]]);
    expect(g.head).toContain("· unit ms");

    const single = WidgetConfig.parse({ type: "table", title: "", queries: [q("signups", "count")] });
    const s = parse(widgetCsv({ config: single, results: [result([series("*", {}, [[T0, 41], [T0 + H, 1]])])], context }));
    expect(s.columns).toEqual(["Group", "signups · count"]);
    expect(s.rows).toEqual([["signups", "42"], ["Total", "42"]]);
  });

  it("graph: one row per bucket in the zone, one named column per line, previous-period columns when comparing", () => {
    const config = WidgetConfig.parse({ type: "graph", title: "Plans", compare: true, unit: "usd", queries: [q("revenue", "sum", { groupBy: ["plan"] })] });
    const res = result([
      series("plan=free", { plan: "free" }, [[T0, 1.005], [T0 + H, null]], { previous: { points: [[T0, 0.5], [T0 + H, 2]], total: 2.5 } }),
      series("plan=pro", { plan: "pro" }, [[T0, 197.67000000000002], [T0 + H, 1500.4]]),
    ]);
    const csv = parse(widgetCsv({ config, results: [res], context }));
    expect(csv.columns).toEqual(["time (Europe/Berlin)", "free (usd)", "free (previous) (usd)", "pro (usd)"]);
    expect(csv.rows).toEqual([
      ["2026-11-23 14:00", String(shownValue(1.005, "usd")), "0.5", "197.67"],
      ["2026-11-23 15:00", "", "2", "1500"],
    ]);
    expect(csv.head).toContain("· unit usd");
  });

  it("graph: lines with the same legend name still get distinct columns", () => {
    const config = WidgetConfig.parse({ type: "graph", title: "", queries: [q("cpu", "avg", { label: "CPU" }), q("cpu", "max", { label: "CPU" })] });
    const res = result([series("*", {}, [[T0, 10]])]);
    expect(parse(widgetCsv({ config, results: [res, res], context })).columns).toEqual(["time (Europe/Berlin)", "CPU", "CPU (2)"]);
  });

  it("columns take the catalog's display names as the widget heads them; a gauge's carried readings are written as the chart draws them", () => {
    const chart = { catalog: new Map([["metric:revenue", { type: "counter", displayName: "Revenue" }], ["metric:cpu", { type: "gauge", displayName: "CPU load" }]]), now: T0 + 10 * H };
    const table = WidgetConfig.parse({ type: "table", title: "", queries: [q("revenue", "sum", { groupBy: ["plan"] })] });
    const t = parse(widgetCsv({ config: table, results: [result([series("plan=pro", { plan: "pro" }, [[T0, 5]])])], context, chart }));
    expect(t.columns).toEqual(["plan", "Revenue · sum"]);
    const bar = WidgetConfig.parse({ type: "bar", title: "", query: q("revenue", "sum", { groupBy: ["plan"] }) });
    expect(parse(widgetCsv({ config: bar, results: [result([series("plan=pro", { plan: "pro" }, [[T0, 5]])])], context, chart })).columns).toEqual(["plan", "Revenue · sum"]);

    const graph = WidgetConfig.parse({ type: "graph", title: "", queries: [q("cpu", "avg")] });
    const cpu = result([series("*", {}, [[T0, 0.5], [T0 + H, null], [T0 + 2 * H, null], [T0 + 3 * H, 0.75]])]);
    const g = parse(widgetCsv({ config: graph, results: [cpu], context, chart }));
    expect(g.rows.map((r) => r[1])).toEqual(["0.5", "0.5", "0.5", "0.75"]);
    // Without the catalog the metric's type is unknown: gaps stay gaps, as on a chart without it.
    expect(parse(widgetCsv({ config: graph, results: [cpu], context })).rows.map((r) => r[1])).toEqual(["0.5", "", "", "0.75"]);
  });

  it("bar and pie: one row per group, ranked, 'other' last; the pie adds each share and the total", () => {
    const res = result([
      series("endpoint=other", { endpoint: "other" }, [[T0, 50]]),
      series("endpoint=/a", { endpoint: "/a" }, [[T0, 30.3333333]]),
      series("endpoint=/b", { endpoint: "/b" }, [[T0, 19.6666667]]),
      series("endpoint=/c", { endpoint: "/c" }, [[T0, 0]]),
    ]);
    const bar = parse(widgetCsv({ config: WidgetConfig.parse({ type: "bar", title: "", query: q("api.calls", "sum", { groupBy: ["endpoint"] }) }), results: [res], context }));
    expect(bar.columns).toEqual(["endpoint", "api.calls · sum"]);
    expect(bar.rows).toEqual([["/a", "30.3"], ["/b", "19.7"], ["/c", "0"], ["other", "50"]]);
    const pie = parse(widgetCsv({ config: WidgetConfig.parse({ type: "pie", title: "", query: q("api.calls", "sum", { groupBy: ["endpoint"] }) }), results: [res], context }));
    expect(pie.columns).toEqual(["endpoint", "api.calls · sum", "share (%)"]);
    expect(pie.rows).toEqual([["/a", "30.3", "30.3"], ["/b", "19.7", "19.7"], ["other", "50", "50"], ["Total", "100", "100"]]);
  });

  it("number: the value, the previous period's value and the change, as the widget says them", () => {
    const config = WidgetConfig.parse({ type: "number", title: "Revenue", unit: "usd", query: q("revenue", "sum") });
    const res = result([series("*", {}, [[T0, 1234.5678]], { total: 1234.5678, previous: { points: [], total: 1000.1 }, change: 23.4444 })]);
    const csv = parse(widgetCsv({ config, results: [res], context }));
    expect(csv.columns).toEqual(["revenue · sum (usd)", "previous period (usd)", "change (%)"]);
    expect(csv.rows).toEqual([["1235", "1000", "23.4"]]);
    const none = parse(widgetCsv({ config, results: [result([series("*", {}, [], { total: 5 })])], context }));
    expect(none.rows).toEqual([["5", "", ""]]);
  });

  it("heatmap by week: a row per weekday and a column per hour, counted in the dashboard's zone", () => {
    const config = WidgetConfig.parse({ type: "heatmap", title: "", query: q("orders", "count"), mode: "week_hours" });
    const monday14Berlin = T0; // 2026-11-23 is a Monday
    const csv = parse(widgetCsv({ config, results: [result([series("*", {}, [[monday14Berlin, 3], [monday14Berlin + 7 * 24 * H, 4.5]])])], context }));
    expect(csv.columns).toHaveLength(25);
    expect(csv.columns.slice(0, 3)).toEqual(["day (Europe/Berlin)", "00:00", "01:00"]);
    expect(csv.rows.map((r) => r[0])).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(csv.rows[0][1 + 14]).toBe("7.5");
    expect(csv.rows[0][1 + 13]).toBe("");
    expect(csv.rows.slice(1).flat().filter((c) => c !== "" && !/^[A-Z][a-z]{2}$/.test(c))).toEqual([]);
  });

  it("heatmap of value buckets: a row per time and a column per bucket carrying the unit", () => {
    const config = WidgetConfig.parse({ type: "heatmap", title: "", query: q("latency", "histogram"), mode: "distribution" });
    const res = result([
      series("bucket=10–20", { bucket: "10–20" }, [[T0, 2], [T0 + H, 0]], { bucketLow: 10, bucketHigh: 20 }),
      series("bucket=0–10", { bucket: "0–10" }, [[T0, 5], [T0 + H, 1]], { bucketLow: 0, bucketHigh: 10 }),
    ], { unit: "ms" });
    const csv = parse(widgetCsv({ config, results: [res], context }));
    // The buckets named as the heatmap's rows are, unit included.
    const drawn = (buildHeatmapOption(res, config as ConfigOf<"heatmap">, LIGHT_THEME).yAxis as { data: string[] }).data;
    expect(drawn).toHaveLength(2);
    expect(drawn.every((b) => b.includes("ms"))).toBe(true);
    expect(csv.columns).toEqual(["time (Europe/Berlin)", ...drawn]);
    expect(csv.rows).toEqual([["2026-11-23 14:00", "5", "2"], ["2026-11-23 15:00", "1", ""]]);
  });
});

describe("shownValue: the CSV number reads exactly as the widget shows it, without float noise", () => {
  const values = [197.67000000000002, 0.1 + 0.2, 12.3456, 1534.234, 0.52345, 0.0012345, 99.999, 12_345.678, 1_234_567.89, -45.678, 0, 1e-9, 86_400_123.4];
  for (const unit of [null, "usd", "percent", "ms", "s", "bytes"]) {
    it(`unit ${unit ?? "none"}`, () => {
      for (const v of values) {
        const shown = shownValue(v, unit)!;
        expect(formatValue(shown, unit), `${v} ${unit}`).toBe(formatValue(v, unit));
        expect(String(shown), `${v} ${unit}`).not.toMatch(/\.\d{7,}|0000\d|9999\d/);
      }
    });
  }
  it("keeps what abbreviations hide: 12,345 shown as 12.3k is written 12345", () => {
    expect(formatValue(12_345)).toBe("12.3k");
    expect(shownValue(12_345.4, null)).toBe(12_345);
    expect(shownValue(null, null)).toBeNull();
    expect(shownValue(Number.NaN, null)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { WidgetConfig, WidgetQuery } from "@/lib/dashboards/schema";
import type { QueryResult, Series } from "@/lib/query/model";
import { toolField } from "./track-event";
import { MAX_WIDGET_ROWS, summariseWidget } from "./widget-numbers";

const q = (extra: Partial<WidgetQuery> = {}): WidgetQuery => ({ source: "event", name: "signup", aggregation: "count", filters: [], groupBy: [], ...extra });
const series = (key: string, total: number | null, points: [number, number | null][] = [], extra: Partial<Series> = {}): Series => ({
  key,
  tags: key === "*" ? {} : Object.fromEntries(key.split(",").map((kv) => kv.split("="))),
  points,
  total,
  ...extra,
});
const result = (s: Series[]): QueryResult => ({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z", interval: "1h", intervalSeconds: 3600, timezone: "UTC", tier: "raw", unit: null, series: s });

describe("summariseWidget", () => {
  it("reads a number widget's value, previous period and change", () => {
    const config: WidgetConfig = { type: "number", title: "Signups", query: q({ label: "Signups" }), higherIsBetter: true, thresholds: [] };
    const out = summariseWidget(config, { a: result([series("*", 123, [], { previous: { points: [], total: 100 }, change: 23 })]) });
    expect(out).toEqual({ columns: ["over range", "previous period", "change %"], rows: [{ label: "Signups", values: [123, 100, 23] }], omittedRows: 0 });
  });

  it("gives a number widget without data nulls, not zeros", () => {
    const config: WidgetConfig = { type: "number", title: "", query: q(), higherIsBetter: true, thresholds: [] };
    expect(summariseWidget(config, { a: result([]) }).rows).toEqual([{ label: "signup count", values: [null, null, null] }]);
  });

  it("reads each line of a graph: its total and its last bucket with a value, the change when compared", () => {
    const config: WidgetConfig = { type: "graph", title: "", queries: [q({ groupBy: ["plan"] }), q({ name: "purchase", aggregation: "sum" })], style: "line", compare: true };
    const out = summariseWidget(config, {
      a: result([series("plan=pro", 5, [[1, 2], [2, 3], [3, null]], { change: 50 }), series("plan=free", 1, [[1, 1], [2, null]], { change: null })]),
      b: result([series("*", 40, [[1, 10], [2, 30]], { change: -20 })]),
    });
    expect(out.columns).toEqual(["over range", "last bucket", "change %"]);
    expect(out.rows).toEqual([
      { label: "signup count · pro", values: [5, 3, 50] },
      { label: "signup count · free", values: [1, 1, null] },
      { label: "purchase sum", values: [40, 30, -20] },
    ]);
  });

  it("ranks a bar or pie chart's groups with their share of the whole, keeping the top ones", () => {
    const groups = Array.from({ length: MAX_WIDGET_ROWS + 2 }, (_, i) => series(`country=c${i}`, i + 1));
    const config: WidgetConfig = { type: "pie", title: "", query: q({ groupBy: ["country"] }), donut: true };
    const out = summariseWidget(config, { a: result(groups) });
    const whole = groups.reduce((s, g) => s + g.total!, 0);
    expect(out.rows[0]).toEqual({ label: `c${MAX_WIDGET_ROWS + 1}`, values: [MAX_WIDGET_ROWS + 2, ((MAX_WIDGET_ROWS + 2) / whole) * 100] });
    expect(out.rows).toHaveLength(MAX_WIDGET_ROWS);
    expect(out.omittedRows).toBe(2);
  });

  it("lines a table's columns up by the first query's groups", () => {
    const config: WidgetConfig = { type: "table", title: "", queries: [q({ groupBy: ["plan"], label: "Signups" }), q({ aggregation: "unique_users", label: "Users" })] };
    const out = summariseWidget(config, {
      a: result([series("plan=pro", 7), series("plan=free", 5)]),
      b: result([series("plan=free", 4), series("plan=pro", 6)]),
    });
    expect(out).toEqual({ columns: ["Signups", "Users"], rows: [{ label: "pro", values: [7, 6] }, { label: "free", values: [5, 4] }], omittedRows: 0 });
  });

  it("reads an hour-of-week heatmap's total and busiest hour, and a distribution heatmap's buckets", () => {
    const hours: WidgetConfig = { type: "heatmap", title: "", query: q(), mode: "week_hours" };
    const peak = Date.UTC(2026, 10, 3, 14);
    expect(summariseWidget(hours, { a: result([series("*", 9, [[peak - 3_600_000, 2], [peak, 6], [peak + 3_600_000, 1]])]) }).rows).toEqual([
      { label: "signup count", values: [9] },
      { label: "busiest hour, starting 2026-11-03T14:00:00.000Z", values: [6] },
    ]);
    const dist: WidgetConfig = { type: "heatmap", title: "", query: q({ source: "metric", name: "latency", aggregation: "p95" }), mode: "distribution" };
    const buckets = [series("bucket=0–10", 3), series("bucket=10–20", 8)];
    expect(summariseWidget(dist, { a: result(buckets) })).toEqual({ columns: ["count"], rows: [{ label: "0–10", values: [3] }, { label: "10–20", values: [8] }], omittedRows: 0 });
  });
});

describe("track_event's field names", () => {
  it("names ingest's rejected fields as the tool's inputs", () => {
    expect(toolField("events[0].timestamp")).toBe("time");
    expect(toolField("events[0].id")).toBe("event_id");
    expect(toolField("events[0].properties.plan")).toBe("properties.plan");
    expect(toolField("events[0]")).toBeNull();
  });
});

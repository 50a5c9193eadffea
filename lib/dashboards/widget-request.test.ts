import { describe, expect, it } from "vitest";
import { widgetRequest } from "./widget-request";
import type { WidgetQuery } from "./schema";

const q = (over: Partial<WidgetQuery> = {}): WidgetQuery => ({ source: "metric", name: "api.calls", aggregation: "sum", filters: [], groupBy: [], ...over });

describe("widgetRequest", () => {
  it("asks a number widget for the ungrouped total against the previous period", () => {
    const req = widgetRequest({ type: "number", title: "", query: q({ groupBy: ["endpoint"] }), higherIsBetter: true, thresholds: [] }, "7d");
    expect(req.queries.a).toEqual({ source: "metric", name: "api.calls", aggregation: "sum", range: "7d", interval: "auto", compare: "previous_period" });
  });

  it("uses the widget's own range over the dashboard's", () => {
    const req = widgetRequest({ type: "bar", title: "", range: "24h", query: q({ groupBy: ["endpoint"], limit: 5 }), orientation: "vertical" }, "30d");
    expect(req.queries.a).toMatchObject({ range: "24h", groupBy: ["endpoint"], limit: 5 });
  });

  it("names graph queries a, b, … and groups table columns like the first", () => {
    const graph = widgetRequest({ type: "graph", title: "", queries: [q(), q({ name: "errors" })], style: "line", compare: true }, "7d");
    expect(Object.keys(graph.queries)).toEqual(["a", "b"]);
    expect(graph.queries.b).toMatchObject({ name: "errors", compare: "previous_period" });
    const table = widgetRequest({ type: "table", title: "", queries: [q({ groupBy: ["endpoint"] }), q({ name: "latency", aggregation: "p95" })] }, "7d");
    expect(table.queries.b.groupBy).toEqual(["endpoint"]);
  });

  it("asks a distribution heatmap for histogram buckets and a weekly one for hourly points", () => {
    const dist = widgetRequest({ type: "heatmap", title: "", query: q({ name: "latency", aggregation: "p95" }), mode: "distribution" }, "7d");
    expect(dist.queries.a.aggregation).toBe("histogram");
    const week = widgetRequest({ type: "heatmap", title: "", query: q({ source: "event", name: "order", aggregation: "count" }), mode: "week_hours" }, "30d");
    expect(week.queries.a.interval).toBe("1h");
  });
});

describe("widgetRequest time zone", () => {
  it("counts days and hours in the dashboard's zone, and leaves UTC implicit", () => {
    const config = { type: "heatmap" as const, title: "", query: q({ source: "event", name: "order", aggregation: "count" }), mode: "week_hours" as const };
    expect(widgetRequest(config, "7d", "Europe/Berlin").queries.a).toMatchObject({ timezone: "Europe/Berlin", interval: "1h" });
    expect(widgetRequest(config, "7d", "UTC").queries.a).not.toHaveProperty("timezone");
  });
});

import { describe, expect, it } from "vitest";
import type { ConfigOf } from "@/lib/dashboards/schema";
import type { QueryResult } from "@/lib/query/model";
import { anomalySources, bandInterval, bandRequest, bandUnavailableReason, overlayWindow } from "./overlay-requests";

const result = (from: string, to: string, intervalSeconds = 300): QueryResult => ({ from, to, interval: "5m", intervalSeconds, timezone: "UTC", tier: "raw", unit: null, series: [] });
const graph = (over: Partial<ConfigOf<"graph">> = {}, query: Partial<ConfigOf<"graph">["queries"][number]> = {}): ConfigOf<"graph"> => ({
  type: "graph",
  title: "",
  queries: [{ source: "metric", name: "api.latency", aggregation: "p95", filters: [], groupBy: [], ...query }],
  style: "line",
  compare: false,
  ...over,
});

describe("overlay requests", () => {
  it("spans every query's window", () => {
    expect(overlayWindow([result("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 300), result("2025-12-31T00:00:00Z", "2026-01-01T12:00:00Z", 3600)])).toEqual({
      from: "2025-12-31T00:00:00.000Z",
      to: "2026-01-02T00:00:00.000Z",
      intervalSeconds: 3600,
    });
    expect(overlayWindow([])).toBeNull();
    expect(overlayWindow(undefined)).toBeNull();
    expect(overlayWindow([result("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")])).toBeNull();
  });

  it("marks anomalies of each metric and event the graph reads, once", () => {
    const config = graph({ queries: [graph().queries[0], { ...graph().queries[0], aggregation: "avg" }, { source: "event", name: "signup", aggregation: "count", filters: [], groupBy: [] }] });
    expect(anomalySources(config)).toEqual([{ source: "metric", name: "api.latency" }, { source: "event", name: "signup" }]);
  });

  it("asks for the band only when the widget wants it and its first query is one series", () => {
    const window = overlayWindow([result("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 900)]);
    expect(bandRequest(graph(), window)).toBeNull();
    expect(bandRequest(graph({ expectedBand: true }), window)).toEqual({ source: "metric", name: "api.latency", aggregation: "p95", from: "2026-01-01T00:00:00.000Z", to: "2026-01-02T00:00:00.000Z", interval: "15m" });
    expect(bandRequest(graph({ expectedBand: true }, { filters: [{ key: "host", op: "eq", value: "a" }] }), window)).toMatchObject({ tags: '{"host":"a"}' });
    expect(bandRequest(graph({ expectedBand: true }, { groupBy: ["host"] }), window)).toBeNull();
    expect(bandRequest(graph({ expectedBand: true }, { filters: [{ key: "host", op: "in", value: ["a", "b"] }] }), window)).toBeNull();
    expect(bandRequest(graph({ expectedBand: true }, { source: "event", name: "signup", filters: [{ key: "plan", op: "eq", value: "pro" }] }), window)).toBeNull();
    expect(bandRequest(graph({ expectedBand: true }), null)).toBeNull();
  });

  it("says why no band is drawn", () => {
    expect(bandUnavailableReason(graph({}, { groupBy: ["host"] }))).toMatch(/group-by/);
    expect(bandUnavailableReason(graph({}, { filters: [{ key: "host", op: "neq", value: "a" }] }))).toMatch(/equality/);
    expect(bandUnavailableReason(graph())).toBeNull();
  });

  it("picks the coarsest band bucket not coarser than the graph's", () => {
    expect([30, 60, 299, 300, 900, 3600, 86_400].map(bandInterval)).toEqual(["1m", "1m", "1m", "5m", "15m", "1h", "1h"]);
  });
});

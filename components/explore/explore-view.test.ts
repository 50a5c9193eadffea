import { describe, expect, it } from "vitest";
import type { QueryResult, SingleQuery } from "@/lib/query/model";
import { exploreView } from "./explore-view";

const result = (series: QueryResult["series"]): QueryResult => ({ from: "2026-11-23T00:00:00.000Z", to: "2026-11-25T00:00:00.000Z", interval: "1d", intervalSeconds: 86400, timezone: "UTC", tier: "raw", unit: "ms", series });
const T = Date.parse("2026-11-23T00:00:00Z");
const q: SingleQuery = { source: "metric", name: "latency", aggregation: "p95", filters: [{ key: "region", op: "eq", value: "eu" }], groupBy: ["host"], limit: 3, compare: "previous_period" };

describe("exploreView", () => {
  it("draws series as a graph widget of the same query, overlaying the previous period when it compared", () => {
    const r = result([{ key: "host=a", tags: { host: "a" }, points: [[T, 1], [T + 86_400_000, 2]], total: 2 }]);
    const view = exploreView(q, r, "p95 of latency by host");
    expect(view.config).toEqual({
      type: "graph",
      title: "p95 of latency by host",
      queries: [{ source: "metric", name: "latency", aggregation: "p95", filters: q.filters, groupBy: ["host"], limit: 3 }],
      style: "line",
      compare: true,
    });
    expect(view.results).toEqual([r]);
  });

  it("draws one ungrouped total as a number widget", () => {
    const r = result([{ key: "*", tags: {}, points: [[T, 42]], total: 42 }]);
    const view = exploreView({ source: "event", name: "signup", aggregation: "count", interval: "1w" }, r, "count of event signup");
    expect(view.config).toMatchObject({ type: "number", query: { source: "event", name: "signup", aggregation: "count", filters: [], groupBy: [] } });
  });

  it("draws a multi-query as one graph of at most 5 labelled queries, saying how many were left out", () => {
    const queries = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`q${i}`, { source: "metric" as const, name: `m${i}`, aggregation: "sum" as const }]));
    const results = Object.fromEntries(Object.keys(queries).map((k) => [k, result([])]));
    const view = exploreView({ queries }, { results }, "t");
    expect(view.config.type).toBe("graph");
    expect(view.config.type === "graph" && view.config.queries.map((x) => x.label)).toEqual(["q0", "q1", "q2", "q3", "q4"]);
    expect(view.results).toHaveLength(5);
    expect(view.omitted).toBe(2);
  });

  it("labels a formula's graph with its formula", () => {
    const view = exploreView({ queries: { a: { source: "event", name: "paid", aggregation: "count" }, b: { source: "event", name: "signup", aggregation: "count" } }, formula: "a / b * 100" }, result([]), "t");
    expect(view.config.type === "graph" && view.config.queries[0].label).toBe("a / b * 100");
  });
});

import { describe, expect, it } from "vitest";
import { queryRequestSchema, SingleQuery } from "./model";
import { histogramEdges } from "./histogram";

const fields = (input: unknown) => queryRequestSchema(input).safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];

describe("query model", () => {
  it("accepts the documented example", () => {
    expect(SingleQuery.safeParse({
      source: "metric", name: "api_calls", aggregation: "sum",
      filters: [{ key: "endpoint", op: "in", value: ["/users", "/orders"] }],
      groupBy: ["endpoint"], limit: 10, range: "7d", interval: "1h", timezone: "Europe/Berlin", compare: "previous_period",
    }).success).toBe(true);
  });

  it("names the exact bad field", () => {
    expect(fields({ source: "metric", name: "x", aggregation: "sum", filters: [{ key: "a", op: "like" }] })).toEqual(["filters.0.op"]);
    expect(fields({ source: "metric", name: "x", aggregation: "sum", filters: [{ key: "a", op: "in", value: "b" }] })).toEqual(["filters.0.value"]);
    expect(fields({ source: "metric", name: "x", aggregation: "sum", filters: [{ key: "a", op: "gt", value: "big" }] })).toEqual(["filters.0.value"]);
    expect(fields({ source: "metric", name: "x", aggregation: "sum", timezone: "Mars/Olympus" })).toEqual(["timezone"]);
    expect(fields({ source: "metric", name: "x", aggregation: "sum", range: { from: 10, to: 5 } })).toEqual(["range.to"]);
    expect(fields({ queries: { a: { source: "event", name: "x", aggregation: "median" } }, formula: "a" })).toEqual(["queries.a.aggregation"]);
    expect(fields({ queries: { A: { source: "event", name: "x", aggregation: "count" } } })[0]).toMatch(/^queries/);
  });
});

describe("histogram edges", () => {
  it("uses round bucket widths that cover the values", () => {
    expect(histogramEdges(0, 100)).toEqual({ low: 0, step: 10, count: 11 });
    expect(histogramEdges(3, 47)).toEqual({ low: 0, step: 5, count: 10 });
    expect(histogramEdges(7, 7)).toEqual({ low: 7, step: 1, count: 1 });
  });
});

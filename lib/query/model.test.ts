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

describe("query values PostgreSQL would refuse", () => {
  const base = { source: "metric", name: "x", aggregation: "sum" };

  it("refuses a time zone Intl knows but PostgreSQL does not, and spells known ones as PostgreSQL does", () => {
    expect(fields({ ...base, timezone: "US/Pacific-New" })).toEqual(["timezone"]);
    expect(fields({ queries: { a: base }, formula: "a", timezone: "US/Pacific-New" })).toEqual(["timezone"]);
    expect(SingleQuery.parse({ ...base, timezone: "america/new_york" }).timezone).toBe("America/New_York");
  });

  it("refuses impossible or out-of-range times in an explicit range, naming the end", () => {
    expect(fields({ ...base, range: { from: "2026-02-31T00:00:00Z", to: "2026-03-05T00:00:00Z" } })).toEqual(["range.from"]);
    expect(fields({ ...base, range: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T24:00:00Z" } })).toEqual(["range.to"]);
    expect(fields({ ...base, range: { from: 0, to: 8.64e15 } })).toEqual(["range.to"]);
    expect(fields({ ...base, range: { from: 1e300, to: 1e301 } })).toEqual(["range.from", "range.to"]);
    expect(fields({ ...base, range: { from: "2024-02-29T00:00:00Z", to: "2024-03-01T00:00:00+01:00" } })).toEqual([]);
  });

  it("refuses NUL and unpaired surrogates in every name, key and value", () => {
    expect(fields({ ...base, name: "cpu\u0000" })).toEqual(["name"]);
    expect(fields({ ...base, groupBy: ["host\ud800"] })).toEqual(["groupBy.0"]);
    expect(fields({ ...base, filters: [{ key: "a\u0000", op: "eq", value: "b" }] })).toEqual(["filters.0.key"]);
    expect(fields({ ...base, filters: [{ key: "a", op: "in", value: ["ok", "\u0000"] }] })).toEqual(["filters.0.value"]);
  });
});

describe("histogram edges", () => {
  it("uses round bucket widths that cover the values", () => {
    expect(histogramEdges(0, 100)).toEqual({ low: 0, step: 10, count: 11 });
    expect(histogramEdges(3, 47)).toEqual({ low: 0, step: 5, count: 10 });
    expect(histogramEdges(7, 7)).toEqual({ low: 7, step: 1, count: 1 });
  });
});

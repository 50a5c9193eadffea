import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertPoints, insertSetMembers } from "@/tests/query-data";
import type { Filter, QueryResult, SingleQuery } from "./model";
import { runQuery } from "./run-query";

// Four hourly buckets from 00:00 to 04:00 UTC; the data leaves the last one empty.
const RANGE = { from: "2026-01-01T00:00:00Z", to: "2026-01-01T04:00:00Z" };
const at = (hhmm: string) => `2026-01-01T${hhmm}:00Z`;

let p: TestProject;

async function query(q: Partial<SingleQuery> & Pick<SingleQuery, "name" | "aggregation">): Promise<QueryResult> {
  return (await runQuery({ ctx: p.ctx, input: { source: "metric", range: RANGE, interval: "1h", ...q } })) as QueryResult;
}
const values = (r: QueryResult, i = 0) => r.series[i].points.map((pt) => pt[1]);

beforeAll(async () => {
  p = await createTestProject();
  await insertPoints({
    projectId: p.projectId, name: "requests", type: "counter", unit: "requests",
    points: [
      { time: at("00:10"), value: 5, tags: { endpoint: "/a", region: "eu" } },
      { time: at("00:40"), value: 3, tags: { endpoint: "/a", region: "eu" } },
      { time: at("02:05"), value: -2, tags: { endpoint: "/a", region: "eu" } },
      { time: at("00:20"), value: 10, tags: { endpoint: "/b", region: "us" } },
      { time: at("01:30"), value: 4, tags: { endpoint: "/b", region: "us" } },
      { time: at("01:05"), value: 1, tags: { endpoint: "/c", code: "500" } },
    ],
  });
  await insertPoints({
    projectId: p.projectId, name: "temperature", type: "gauge", unit: "celsius",
    points: [
      { time: at("00:05"), value: 10, tags: { host: "a" } },
      { time: at("00:50"), value: 20, tags: { host: "a" } },
      { time: at("01:10"), value: 30, tags: { host: "a" } },
      { time: at("00:30"), value: 100, tags: { host: "b" } },
      { time: at("02:10"), value: 50, tags: { host: "b" } },
    ],
  });
  await insertPoints({
    projectId: p.projectId, name: "latency", type: "distribution", unit: "ms",
    points: [
      ...[1, 2, 3, 4].map((value, i) => ({ time: at(`00:0${i}`), value, tags: { route: "x" } })),
      { time: at("00:30"), value: 10, tags: { route: "y" } },
      { time: at("01:15"), value: 5, tags: { route: "x" } },
    ],
  });
  await insertSetMembers({
    projectId: p.projectId, name: "visitors",
    members: [
      { time: at("00:05"), member: "u1", tags: { page: "home" } },
      { time: at("00:10"), member: "u2", tags: { page: "home" } },
      { time: at("00:20"), member: "u1", tags: { page: "home" } },
      { time: at("01:00"), member: "u3", tags: { page: "home" } },
      { time: at("00:30"), member: "u1", tags: { page: "cart" } },
      { time: at("01:30"), member: "u4", tags: { page: "cart" } },
      { time: at("01:40"), member: "u1", tags: { page: "cart" } },
    ],
  });
});

describe("counter", () => {
  it("sums increments and decrements per bucket, zero when empty", async () => {
    const r = await query({ name: "requests", aggregation: "sum" });
    expect(values(r)).toEqual([18, 5, -2, 0]);
    expect(r.series[0]).toMatchObject({ key: "*", tags: {}, total: 21 });
    expect(r).toMatchObject({ interval: "1h", intervalSeconds: 3600, tier: "raw", unit: "requests", timezone: "UTC" });
    expect(r.series[0].points[0][0]).toBe(Date.parse(at("00:00")));
  });

  it.each(["rate", "per_second"] as const)("gives %s as the sum per second of each bucket", async (aggregation) => {
    const r = await query({ name: "requests", aggregation });
    expect(values(r)).toEqual([18 / 3600, 5 / 3600, -2 / 3600, 0]);
    expect(r.series[0].total).toBeCloseTo(21 / (4 * 3600), 12);
  });

  it("runs a cumulative sum over the buckets", async () => {
    const r = await query({ name: "requests", aggregation: "cumulative" });
    expect(values(r)).toEqual([18, 23, 21, 21]);
    expect(r.series[0].total).toBe(21);
  });
});

describe("tag filters", () => {
  it.each<[string, Filter[], number]>([
    ["eq", [{ key: "endpoint", op: "eq", value: "/a" }], 6],
    ["neq", [{ key: "endpoint", op: "neq", value: "/a" }], 15],
    ["in", [{ key: "endpoint", op: "in", value: ["/a", "/c"] }], 7],
    ["not_in", [{ key: "endpoint", op: "not_in", value: ["/a", "/c"] }], 14],
    ["exists", [{ key: "region", op: "exists" }], 20],
    ["not_exists", [{ key: "region", op: "not_exists" }], 1],
    ["gt on a numeric tag", [{ key: "code", op: "gt", value: 400 }], 1],
    ["gte", [{ key: "code", op: "gte", value: 500 }], 1],
    ["lt (series without the tag never match)", [{ key: "code", op: "lt", value: 500 }], 0],
    ["lte", [{ key: "code", op: "lte", value: 500 }], 1],
    ["eq with a number", [{ key: "code", op: "eq", value: 500 }], 1],
    ["AND of two", [{ key: "region", op: "eq", value: "eu" }, { key: "endpoint", op: "neq", value: "/b" }], 6],
  ])("%s", async (_name, filters, total) => {
    expect((await query({ name: "requests", aggregation: "sum", filters })).series[0].total).toBe(total);
  });

  it("keeps the top N groups by total and folds the rest into other", async () => {
    const r = await query({ name: "requests", aggregation: "sum", groupBy: ["endpoint"], limit: 2 });
    expect(r.series.map((s) => [s.key, s.total, ...s.points.map((pt) => pt[1])])).toEqual([
      ["endpoint=/b", 14, 10, 4, 0, 0],
      ["endpoint=/a", 6, 8, 0, -2, 0],
      ["endpoint=other", 1, 0, 1, 0, 0],
    ]);
  });
});

describe("gauge", () => {
  it("averages each series' last value per bucket for last, and over the range for the total", async () => {
    const r = await query({ name: "temperature", aggregation: "last" });
    expect(values(r)).toEqual([60, 30, 50, null]);
    expect(r.series[0].total).toBe(40);
  });

  it("sums each series' last value for sum", async () => {
    const r = await query({ name: "temperature", aggregation: "sum" });
    expect(values(r)).toEqual([120, 30, 50, null]);
    expect(r.series[0].total).toBe(80);
  });

  it("averages, and takes min and max over every reading", async () => {
    const avg = await query({ name: "temperature", aggregation: "avg" });
    expect(values(avg)[0]).toBeCloseTo(130 / 3, 10);
    expect(values(avg).slice(1)).toEqual([30, 50, null]);
    expect(avg.series[0].total).toBe(42);
    const min = await query({ name: "temperature", aggregation: "min" });
    expect([...values(min), min.series[0].total]).toEqual([10, 30, 50, null, 10]);
    const max = await query({ name: "temperature", aggregation: "max" });
    expect([...values(max), max.series[0].total]).toEqual([100, 30, 50, null, 100]);
  });

  it("groups by host with each host's own last value", async () => {
    const r = await query({ name: "temperature", aggregation: "last", groupBy: ["host"] });
    expect(r.series.map((s) => [s.key, s.total, ...s.points.map((pt) => pt[1])])).toEqual([
      ["host=b", 50, 100, null, 50, null],
      ["host=a", 30, 20, 30, null, null],
    ]);
  });
});

describe("distribution", () => {
  it.each([
    ["count", [5, 1, 0, 0], 6],
    ["sum", [20, 5, 0, 0], 25],
    ["avg", [4, 5, null, null], 25 / 6],
    ["min", [1, 5, null, null], 1],
    ["max", [10, 5, null, null], 10],
    // percentile_cont over raw values: [1,2,3,4,10] then [5]; the total over [1,2,3,4,5,10].
    ["p50", [3, 5, null, null], 3.5],
    ["p75", [4, 5, null, null], 4.75],
    ["p90", [7.6, 5, null, null], 7.5],
    ["p95", [8.8, 5, null, null], 8.75],
    ["p99", [9.76, 5, null, null], 9.75],
  ] as const)("%s per bucket and over the whole range", async (aggregation, expected, total) => {
    const r = await query({ name: "latency", aggregation });
    values(r).forEach((v, i) => (expected[i] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(expected[i]!, 10)));
    expect(r.series[0].total).toBeCloseTo(total, 10);
  });

  it("never averages percentiles: the range p50 comes from all values", async () => {
    const r = await query({ name: "latency", aggregation: "p50" });
    expect(r.series[0].total).toBe(3.5);
    expect(r.series[0].total).not.toBe((3 + 5) / 2);
  });

  it("returns a histogram as one series per round-width value bucket", async () => {
    const r = await query({ name: "latency", aggregation: "histogram" });
    expect(r.series).toHaveLength(10);
    expect(r.series[0]).toMatchObject({ key: "bucket=1–2", tags: { bucket: "1–2" }, bucketLow: 1, bucketHigh: 2, total: 1 });
    expect(r.series.find((s) => s.bucketLow === 6)?.total).toBe(0);
    expect(r.series[9]).toMatchObject({ bucketLow: 10, bucketHigh: 11, total: 1 });
    expect(values(r, 9)).toEqual([1, 0, 0, 0]);
    expect(r.series.reduce((n, s) => n + (s.total ?? 0), 0)).toBe(6);
    expect(r.unit).toBeNull();
  });
});

describe("set", () => {
  it("counts unique members per bucket and across the union for the total", async () => {
    const r = await query({ name: "visitors", aggregation: "unique" });
    expect(values(r)).toEqual([2, 3, 0, 0]);
    expect(r.series[0].total).toBe(4);
  });

  it("counts unique members per group", async () => {
    const r = await query({ name: "visitors", aggregation: "unique", groupBy: ["page"] });
    expect(r.series.map((s) => [s.key, s.total, ...values({ ...r, series: [s] })])).toEqual([
      ["page=home", 3, 2, 1, 0, 0],
      ["page=cart", 2, 1, 2, 0, 0],
    ]);
  });
});

describe("late points", () => {
  it("land in the bucket of their own time, whenever they arrive", async () => {
    await insertPoints({ projectId: p.projectId, name: "late", type: "counter", points: [{ time: at("03:30"), value: 1 }] });
    expect(values(await query({ name: "late", aggregation: "sum" }))).toEqual([0, 0, 0, 1]);
    await insertPoints({
      projectId: p.projectId, name: "late", type: "counter",
      points: [{ time: "2026-01-01T00:59:59.999Z", value: 7 }, { time: at("01:00"), value: 2 }],
    });
    const r = await query({ name: "late", aggregation: "sum" });
    expect(values(r)).toEqual([7, 2, 0, 1]);
    expect(r.series[0].total).toBe(10);
  });
});

describe("invalid queries", () => {
  it("names the aggregation that does not fit the metric type", async () => {
    await expect(query({ name: "temperature", aggregation: "p95" })).rejects.toMatchObject({ code: "invalid", details: [{ field: "aggregation" }] });
    await expect(query({ name: "requests", aggregation: "unique" })).rejects.toMatchObject({ details: [{ field: "aggregation" }] });
  });

  it("refuses a property on a metric and a grouped histogram", async () => {
    await expect(query({ name: "requests", aggregation: "sum", property: "x" })).rejects.toMatchObject({ details: [{ field: "property" }] });
    await expect(query({ name: "latency", aggregation: "histogram", groupBy: ["route"] })).rejects.toMatchObject({ details: [{ field: "groupBy" }] });
  });

  it("answers 404 for a metric the project does not have", async () => {
    await expect(query({ name: "nope", aggregation: "sum" })).rejects.toMatchObject({ code: "not_found" });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { createTestProject, type TestProject } from "@/tests/fixtures";
import { insertEvents, insertPoints } from "@/tests/query-data";
import type { MultiQueryResult, QueryResult } from "./model";
import { runQuery } from "./run-query";

let p: TestProject;
const iso = (ms: number) => new Date(ms).toISOString();
const ask = async (input: unknown) => (await runQuery({ ctx: p.ctx, input })) as QueryResult;
const values = (r: QueryResult, i = 0) => r.series[i].points.map((pt) => pt[1]);

beforeAll(async () => {
  p = await createTestProject();
  await insertEvents({
    projectId: p.projectId,
    events: [
      // Spring forward in Berlin: 2026-03-29 is 23 hours long.
      { time: "2026-03-28T22:59:00Z", name: "dst.spring" }, // 23:59 on the 28th, local
      { time: "2026-03-28T23:30:00Z", name: "dst.spring" }, // 00:30 on the 29th
      { time: "2026-03-29T21:59:00Z", name: "dst.spring" }, // 23:59 CEST on the 29th
      { time: "2026-03-29T22:00:00Z", name: "dst.spring" }, // midnight of the 30th
      // Fall back: 2026-10-25 is 25 hours long.
      { time: "2026-10-24T22:00:00Z", name: "dst.autumn" }, // midnight of the 25th, local
      { time: "2026-10-25T22:30:00Z", name: "dst.autumn" }, // 23:30 CET on the 25th
      { time: "2026-10-25T23:00:00Z", name: "dst.autumn" }, // midnight of the 26th
      // Santiago skips midnight on 2026-09-06: that day starts at 01:00 local (04:00Z).
      { time: "2026-09-06T03:30:00Z", name: "dst.gap" }, // 23:30 on the 5th, local
      { time: "2026-09-06T04:00:00Z", name: "dst.gap" }, // 01:00 on the 6th
      { time: "2026-09-07T02:59:00Z", name: "dst.gap" }, // 23:59 on the 6th
    ],
  });
  await insertPoints({
    projectId: p.projectId, name: "sales", type: "counter",
    points: [
      { time: "2026-01-01T00:10:00Z", value: 18, tags: { shop: "a" } },
      { time: "2026-01-01T01:10:00Z", value: 5, tags: { shop: "b" } },
      { time: "2026-01-01T02:10:00Z", value: -2, tags: { shop: "a" } },
      { time: "2026-01-01T03:10:00Z", value: 30, tags: { shop: "b" } },
    ],
  });
  const started = ["00:05", "00:06", "00:07", "00:08", "01:01"].map((t, i) => ({ time: `2026-01-02T${t}:00Z`, name: "checkout.started", properties: { plan: i % 2 ? "free" : "pro" } }));
  const completed = ["00:30", "00:40"].map((t) => ({ time: `2026-01-02T${t}:00Z`, name: "order.completed", properties: { plan: "pro" } }));
  const stray = [{ time: "2026-01-02T02:30:00Z", name: "order.completed", properties: { plan: "pro" } }];
  await insertEvents({ projectId: p.projectId, events: [...started, ...completed, ...stray] });
});

describe("day buckets in a time zone", () => {
  it("counts Berlin days across the spring DST change, the 29th being 23 hours", async () => {
    const r = await ask({ source: "event", name: "dst.spring", aggregation: "count", interval: "1d", timezone: "Europe/Berlin", range: { from: "2026-03-28T00:00:00+01:00", to: "2026-03-31T00:00:00+02:00" } });
    expect(r.series[0].points.map(([t]) => iso(t))).toEqual(["2026-03-27T23:00:00.000Z", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
    expect(values(r)).toEqual([1, 2, 1]);
    expect(r.timezone).toBe("Europe/Berlin");
  });

  it("counts Berlin days across the autumn DST change, the 25th being 25 hours", async () => {
    const r = await ask({ source: "event", name: "dst.autumn", aggregation: "count", interval: "1d", timezone: "Europe/Berlin", range: { from: "2026-10-25T00:00:00+02:00", to: "2026-10-27T00:00:00+01:00" } });
    expect(r.series[0].points.map(([t]) => iso(t))).toEqual(["2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"]);
    expect(values(r)).toEqual([2, 1]);
  });

  it("puts the same events in different days in UTC", async () => {
    const r = await ask({ source: "event", name: "dst.autumn", aggregation: "count", interval: "1d", range: { from: "2026-10-24T00:00:00Z", to: "2026-10-27T00:00:00Z" } });
    expect(values(r)).toEqual([1, 2, 0]);
  });

  it("starts a day whose midnight is skipped when the gap ends", async () => {
    const r = await ask({ source: "event", name: "dst.gap", aggregation: "count", interval: "1d", timezone: "America/Santiago", range: { from: "2026-09-05T12:00:00Z", to: "2026-09-07T12:00:00Z" } });
    expect(r.series[0].points.map(([t]) => iso(t))).toEqual(["2026-09-05T04:00:00.000Z", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z"]);
    expect(values(r)).toEqual([1, 2, 0]);
  });

  it("starts weeks on Monday in the zone", async () => {
    const r = await ask({ source: "event", name: "dst.spring", aggregation: "count", interval: "1w", timezone: "Europe/Berlin", range: { from: "2026-03-25T00:00:00Z", to: "2026-04-01T00:00:00Z" } });
    expect(r.series[0].points.map(([t]) => iso(t))).toEqual(["2026-03-22T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
    expect(values(r)).toEqual([3, 1]);
  });

  it("gives a per-second rate over the real length of a 23-hour day", async () => {
    const r = await ask({ source: "metric", name: "sales", aggregation: "rate", interval: "1d", timezone: "Europe/Berlin", range: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T12:00:00Z" } });
    expect(r.series[0].points[0][1]).toBeCloseTo(51 / 86_400, 12);
  });
});

describe("compare", () => {
  it("returns the previous period on the current bucket times with the percent change", async () => {
    const r = await ask({ source: "metric", name: "sales", aggregation: "sum", interval: "1h", range: { from: "2026-01-01T02:00:00Z", to: "2026-01-01T04:00:00Z" }, compare: "previous_period" });
    const s = r.series[0];
    expect(values(r)).toEqual([-2, 30]);
    expect(s.total).toBe(28);
    expect(s.previous).toEqual({ points: [[Date.parse("2026-01-01T02:00:00Z"), 18], [Date.parse("2026-01-01T03:00:00Z"), 5]], total: 23 });
    expect(s.change).toBeCloseTo(((28 - 23) / 23) * 100, 10);
  });

  it("compares with a given offset", async () => {
    const r = await ask({ source: "metric", name: "sales", aggregation: "sum", interval: "1h", range: { from: "2026-01-01T02:00:00Z", to: "2026-01-01T04:00:00Z" }, compare: { offset: "1h" } });
    expect(r.series[0].previous?.points.map((pt) => pt[1])).toEqual([5, -2]);
    expect(r.series[0].previous?.total).toBe(3);
  });

  it("compares each group with the same group, and gives no change against zero", async () => {
    const r = await ask({ source: "metric", name: "sales", aggregation: "sum", groupBy: ["shop"], interval: "1h", range: { from: "2026-01-01T02:00:00Z", to: "2026-01-01T04:00:00Z" }, compare: "previous_period" });
    expect(r.series.map((s) => [s.key, s.total, s.previous?.total, s.change])).toEqual([
      ["shop=b", 30, 5, 500],
      ["shop=a", -2, 18, expect.closeTo((-20 / 18) * 100, 10)],
    ]);
    const empty = await ask({ source: "metric", name: "sales", aggregation: "sum", interval: "1h", range: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z" }, compare: "previous_period" });
    expect(empty.series[0]).toMatchObject({ total: 18, previous: { total: 0 }, change: null });
  });
});

describe("formulas", () => {
  const conversion = { queries: { a: { source: "event", name: "order.completed", aggregation: "count" }, b: { source: "event", name: "checkout.started", aggregation: "count" } }, formula: "a / b * 100", range: { from: "2026-01-02T00:00:00Z", to: "2026-01-02T03:00:00Z" }, interval: "1h" };

  it("combines sub-queries point by point, with no point where the divisor is zero", async () => {
    const r = await ask(conversion);
    expect(values(r)).toEqual([50, 0, null]);
    expect(r.series[0].total).toBe(60);
    expect(r.unit).toBeNull();
  });

  it("pairs grouped sub-queries by series, treating a missing count as zero", async () => {
    const r = await ask({ ...conversion, queries: { a: { ...conversion.queries.a, groupBy: ["plan"] }, b: { ...conversion.queries.b, groupBy: ["plan"] } } });
    expect(r.series.map((s) => [s.key, s.total])).toEqual([["plan=pro", 100], ["plan=free", 0]]);
  });

  it("applies the previous period to the formula too", async () => {
    const r = await ask({ ...conversion, compare: { offset: "1h" } });
    expect(r.series[0].previous?.points.map((pt) => pt[1])).toEqual([null, 50, 0]);
  });

  it("names a bad formula or sub-query field", async () => {
    await expect(ask({ ...conversion, formula: "a / c" })).rejects.toMatchObject({ code: "invalid", details: [{ field: "formula" }] });
    await expect(ask({ ...conversion, queries: { ...conversion.queries, b: { ...conversion.queries.b, aggregation: "p99" } } })).rejects.toMatchObject({ details: [{ field: "queries.b.aggregation" }] });
  });

  it("answers several independent queries together", async () => {
    const { queries, range, interval } = conversion;
    const r = (await runQuery({ ctx: p.ctx, input: { queries: { a: { ...queries.a, range, interval }, b: { ...queries.b, range, interval } } } })) as MultiQueryResult;
    expect(r.results.a.series[0].total).toBe(3);
    expect(r.results.b.series[0].total).toBe(5);
  });
});

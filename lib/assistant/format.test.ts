import { describe, expect, it } from "vitest";
import type { Point } from "@/lib/query/model";
import { describeRange, formatPercent, formatValue, isoInZone, isoUtc, summariseSeries } from "./format";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23);

describe("describeRange", () => {
  it("writes both ends as ISO instants in UTC with the zone named", () => {
    expect(describeRange("2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", "Europe/Berlin")).toBe("2026-11-23T00:00:00Z – 2026-11-30T00:00:00Z (Europe/Berlin)");
  });

  it("accepts epoch milliseconds and Dates and keeps milliseconds that are not zero", () => {
    expect(describeRange(T0, new Date(T0 + 1500), "UTC")).toBe("2026-11-23T00:00:00Z – 2026-11-23T00:00:01.500Z (UTC)");
  });
});

describe("isoInZone", () => {
  it("writes the wall time of the zone with its offset, in winter and in summer", () => {
    expect(isoInZone("2026-11-22T23:00:00Z", "Europe/Berlin")).toBe("2026-11-23T00:00:00+01:00");
    expect(isoInZone("2026-06-30T22:00:00Z", "Europe/Berlin")).toBe("2026-07-01T00:00:00+02:00");
    expect(isoInZone("2026-11-23T05:00:00Z", "America/New_York")).toBe("2026-11-23T00:00:00-05:00");
    expect(isoInZone("2026-11-23T00:00:00Z", "Asia/Kolkata")).toBe("2026-11-23T05:30:00+05:30");
  });

  it("names the same instant it was given", () => {
    const t = Date.UTC(2026, 2, 29, 1, 30, 0, 250);
    expect(Date.parse(isoInZone(t, "Europe/Berlin"))).toBe(t);
    expect(Date.parse(isoInZone(t, "America/Los_Angeles"))).toBe(t);
  });

  it("writes UTC with Z", () => {
    expect(isoInZone(T0, "UTC")).toBe("2026-11-23T00:00:00Z");
    expect(isoUtc(T0)).toBe("2026-11-23T00:00:00Z");
  });
});

describe("formatValue", () => {
  it("uses the dashboard's formatting for the units Flux knows", () => {
    expect(formatValue(230, "ms")).toBe("230 ms");
    expect(formatValue(45.678, "percent")).toBe("45.7%");
    expect(formatValue(1204.4, "usd")).toBe("$1,204");
    expect(formatValue(1536, "bytes")).toBe("1.5 KB");
    expect(formatValue(2_500_000, null)).toBe("2.5M");
  });

  it("writes any other unit after the number", () => {
    expect(formatValue(1234, "requests")).toBe("1,234 requests");
    expect(formatValue(12_345, "signups")).toBe("12.3k signups");
  });

  it("says no data for an empty value", () => {
    expect(formatValue(null, "ms")).toBe("no data");
    expect(formatValue(undefined)).toBe("no data");
    expect(formatValue(Number.NaN)).toBe("no data");
  });
});

describe("formatPercent", () => {
  it("signs changes and rounds them", () => {
    expect(formatPercent(23)).toBe("+23%");
    expect(formatPercent(-4.567)).toBe("−4.57%");
    expect(formatPercent(12.345)).toBe("+12.3%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(null)).toBe("n/a");
  });
});

const series = (values: (number | null)[], step = HOUR): Point[] => values.map((v, i) => [T0 + i * step, v]);

describe("summariseSeries", () => {
  it("keeps a short series whole and finds first, last, min, max, total and mean among its values", () => {
    const s = summariseSeries(series([null, 4, 1, 9, null, 6, null]));
    expect(s.downsampling).toBe("none");
    expect(s.bucketsPerPoint).toBe(1);
    expect(s.points).toHaveLength(7);
    expect(s.points[0]).toEqual({ t: "2026-11-23T00:00:00Z", v: null });
    expect(s.first).toEqual({ t: "2026-11-23T01:00:00Z", v: 4 });
    expect(s.last).toEqual({ t: "2026-11-23T05:00:00Z", v: 6 });
    expect(s.min).toEqual({ t: "2026-11-23T02:00:00Z", v: 1 });
    expect(s.max).toEqual({ t: "2026-11-23T03:00:00Z", v: 9 });
    expect(s).toMatchObject({ buckets: 7, count: 4, total: 20, mean: 5 });
  });

  it("averages runs of consecutive buckets down to at most maxPoints, dated at each run's start", () => {
    const values = Array.from({ length: 168 }, (_, i) => i);
    const s = summariseSeries(series(values), { maxPoints: 50 });
    expect(s.downsampling).toBe("mean_of_consecutive_buckets");
    expect(s.bucketsPerPoint).toBe(4);
    expect(s.points).toHaveLength(42);
    expect(s.points[0]).toEqual({ t: "2026-11-23T00:00:00Z", v: 1.5 });
    expect(s.points[41]).toEqual({ t: isoUtc(T0 + 164 * HOUR), v: 165.5 });
    // Extremes and the total still come from every bucket, not from the averages.
    expect(s.min?.v).toBe(0);
    expect(s.max).toEqual({ t: isoUtc(T0 + 167 * HOUR), v: 167 });
    expect(s.total).toBe((167 * 168) / 2);
    expect(s.count).toBe(168);
  });

  it("never gives more than maxPoints points, whatever the length", () => {
    for (const n of [1, 49, 50, 51, 99, 100, 101, 2000]) {
      const s = summariseSeries(series(Array.from({ length: n }, () => 1)), { maxPoints: 50 });
      expect(s.points.length).toBeLessThanOrEqual(50);
      expect(s.points.length).toBe(Math.ceil(n / Math.ceil(n / 50)));
    }
  });

  it("skips gaps inside a run and keeps a run of gaps a gap", () => {
    const s = summariseSeries(series([2, null, null, null, 4, 8]), { maxPoints: 3 });
    expect(s.points.map((p) => p.v)).toEqual([2, null, 6]);
  });

  it("gives nulls, not zeros, for a series without values", () => {
    const s = summariseSeries(series([null, null]));
    expect(s).toMatchObject({ first: null, last: null, min: null, max: null, total: null, mean: null, count: 0 });
    expect(summariseSeries([])).toMatchObject({ points: [], buckets: 0, count: 0, total: null });
  });

  it("dates points in the answer's zone", () => {
    const s = summariseSeries([[Date.parse("2026-11-22T23:00:00Z"), 3]], { timezone: "Europe/Berlin" });
    expect(s.points[0].t).toBe("2026-11-23T00:00:00+01:00");
    expect(s.first?.t).toBe("2026-11-23T00:00:00+01:00");
  });
});

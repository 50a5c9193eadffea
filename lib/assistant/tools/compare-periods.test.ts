import { describe, expect, it } from "vitest";
import type { Point, Series } from "@/lib/query/model";
import { compareBuckets, explainByBreakdown } from "./compare-math";
import { comparisonInterval, periodWindows } from "./period-windows";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
const days = (start: number, values: (number | null)[]): Point[] => values.map((v, i) => [start + i * DAY, v]);
const sum = (v: (number | null)[]) => v.reduce<number>((a, b) => a + (b ?? 0), 0);

describe("periodWindows", () => {
  // Wednesday 2 December 2026, 15:30 in Berlin (14:30Z).
  const now = Date.parse("2026-12-02T14:30:00Z");

  it("compares this week so far (from Monday 00:00 in the zone) with last week up to the same weekday and time", () => {
    const w = periodWindows("this_week_vs_last_week", "Europe/Berlin", now);
    expect(iso(w.current.from)).toBe("2026-11-29T23:00:00.000Z");
    expect(iso(w.current.to)).toBe("2026-12-02T14:30:00.000Z");
    expect(iso(w.previous.from)).toBe("2026-11-22T23:00:00.000Z");
    expect(iso(w.previous.to)).toBe("2026-11-25T14:30:00.000Z");
    expect(w.interval).toBe("1d");
  });

  it("keeps the same wall time across a DST change (last week in summer time)", () => {
    const w = periodWindows("this_week_vs_last_week", "Europe/Berlin", Date.parse("2026-10-28T10:00:00Z"));
    expect(iso(w.current.from)).toBe("2026-10-25T23:00:00.000Z");
    expect(iso(w.previous.from)).toBe("2026-10-18T22:00:00.000Z");
    expect(iso(w.previous.to)).toBe("2026-10-21T09:00:00.000Z");
  });

  it("compares today with yesterday up to the same time, hourly; quarter hours where midnight is off the hour", () => {
    const w = periodWindows("today_vs_yesterday", "America/New_York", now);
    expect(iso(w.current.from)).toBe("2026-12-02T05:00:00.000Z");
    expect(iso(w.previous.from)).toBe("2026-12-01T05:00:00.000Z");
    expect(iso(w.previous.to)).toBe("2026-12-01T14:30:00.000Z");
    expect(w.interval).toBe("1h");
    expect(periodWindows("today_vs_yesterday", "Asia/Kolkata", now).interval).toBe("15m");
  });

  it("takes the last 7 days as 7 calendar days including today, against the 7 before, cut alike", () => {
    const w = periodWindows("last_7_days_vs_previous_7_days", "UTC", now);
    expect(iso(w.current.from)).toBe("2026-11-26T00:00:00.000Z");
    expect(iso(w.previous.from)).toBe("2026-11-19T00:00:00.000Z");
    expect(iso(w.previous.to)).toBe("2026-11-25T14:30:00.000Z");
  });

  it("compares this month so far with last month up to the same day, clamped to last month's end", () => {
    const w = periodWindows("this_month_vs_last_month", "UTC", now);
    expect(iso(w.current.from)).toBe("2026-12-01T00:00:00.000Z");
    expect(iso(w.previous.from)).toBe("2026-11-01T00:00:00.000Z");
    expect(iso(w.previous.to)).toBe("2026-11-02T14:30:00.000Z");
    const march31 = periodWindows("this_month_vs_last_month", "UTC", Date.parse("2026-03-31T12:00:00Z"));
    expect(iso(march31.previous.from)).toBe("2026-02-01T00:00:00.000Z");
    expect(iso(march31.previous.to)).toBe("2026-03-01T00:00:00.000Z");
    const january = periodWindows("this_month_vs_last_month", "UTC", Date.parse("2027-01-10T00:00:00Z"));
    expect(iso(january.previous.from)).toBe("2026-12-01T00:00:00.000Z");
  });

  it("never gives an empty period, even at the instant one begins", () => {
    const w = periodWindows("this_week_vs_last_week", "UTC", Date.parse("2026-11-30T00:00:00Z"));
    expect(w.current.to).toBeGreaterThan(w.current.from);
    expect(w.previous.to).toBeGreaterThan(w.previous.from);
  });

  it("cuts custom periods into days, hours or minutes, at most 50 buckets", () => {
    expect(comparisonInterval(7 * DAY)).toBe("1d");
    expect(comparisonInterval(2 * DAY)).toBe("1d");
    expect(comparisonInterval(50 * DAY)).toBe("1d");
    expect(comparisonInterval(51 * DAY)).toBe("1w");
    expect(comparisonInterval(36 * 3_600_000)).toBe("1h");
    expect(comparisonInterval(3_600_000)).toBe("5m");
    expect(comparisonInterval(10 * 60_000)).toBe("1m");
  });
});

describe("compareBuckets", () => {
  const t0 = Date.parse("2026-11-30T00:00:00Z");
  const p0 = t0 - 7 * DAY;

  it("gives totals' change and the first day from which the current period stays above the previous", () => {
    const cur = [100, 130, 125, 140];
    const prev = [105, 100, 110, 100];
    const r = compareBuckets({ points: days(t0, cur), total: sum(cur) }, { points: days(p0, prev), total: sum(prev) });
    expect(r.absolute).toBe(80);
    expect(r.percent).toBeCloseTo((80 / 415) * 100, 10);
    expect(r.direction).toBe("up");
    expect(r.started).toEqual({ index: 1, bucket: t0 + DAY, previousBucket: p0 + DAY, current: 130, previous: 100, bucketsSince: 3 });
  });

  it("starts after the last bucket that was not on the side of the change", () => {
    const cur = [150, 90, 130, 140];
    const prev = [100, 100, 100, 100];
    expect(compareBuckets({ points: days(t0, cur), total: 510 }, { points: days(p0, prev), total: 400 }).started?.index).toBe(2);
  });

  it("finds the start of a fall with buckets below", () => {
    const r = compareBuckets({ points: days(t0, [10, 10, 4, 3]), total: 27 }, { points: days(p0, [10, 10, 10, 10]), total: 40 });
    expect(r.direction).toBe("down");
    expect(r.started?.index).toBe(2);
  });

  it("has no start when the latest bucket is not on the side of the change, or is a gap", () => {
    expect(compareBuckets({ points: days(t0, [200, 200, 90]), total: 490 }, { points: days(p0, [100, 100, 100]), total: 300 }).started).toBeNull();
    expect(compareBuckets({ points: days(t0, [200, 200, null]), total: 400 }, { points: days(p0, [100, 100, 100]), total: 300 }).started).toBeNull();
    expect(compareBuckets({ points: days(t0, [200, null, 300]), total: 500 }, { points: days(p0, [100, 100, 100]), total: 300 }).started?.index).toBe(2);
  });

  it("has no start and no percent when nothing changed or the previous total is zero", () => {
    const flat = compareBuckets({ points: days(t0, [1, 2]), total: 3 }, { points: days(p0, [2, 1]), total: 3 });
    expect(flat).toMatchObject({ direction: "flat", started: null, absolute: 0, percent: 0 });
    const fromZero = compareBuckets({ points: days(t0, [1]), total: 1 }, { points: days(p0, [0]), total: 0 });
    expect(fromZero).toMatchObject({ direction: "up", percent: null, absolute: 1 });
    expect(fromZero.started?.index).toBe(0);
  });

  it("matches buckets by position up to the shorter side", () => {
    const r = compareBuckets({ points: days(t0, [5, 6, 7]), total: 18 }, { points: days(p0, [1, 2]), total: 3 });
    expect(r.buckets).toHaveLength(2);
    expect(r.buckets[1]).toEqual({ t: t0 + DAY, previousT: p0 + DAY, current: 6, previous: 2, difference: 4 });
  });
});

const group = (country: string, total: number | null): Series => ({ key: `country=${country}`, tags: { country }, points: [], total });

describe("explainByBreakdown", () => {
  it("lists each value's difference and share of the overall difference, largest first; missing values count as 0 when additive", () => {
    const r = explainByBreakdown({
      aggregation: "sum",
      current: [group("DE", 180), group("US", 100), group("FR", 20)],
      previous: [group("DE", 100), group("US", 110), group("UK", 30)],
      overall: 60,
      limit: 3,
    });
    expect(r.additive).toBe(true);
    expect(r.values).toEqual([
      { value: "DE", current: 180, previous: 100, difference: 80, share: (80 / 60) * 100 },
      { value: "UK", current: 0, previous: 30, difference: -30, share: -50 },
      { value: "FR", current: 20, previous: 0, difference: 20, share: (20 / 60) * 100 },
    ]);
    expect(r.more).toBe(1);
  });

  it("leaves values seen on one side unknown for aggregations that do not add up", () => {
    const r = explainByBreakdown({ aggregation: "p95", current: [group("DE", 300)], previous: [group("US", 200)], overall: 50, limit: 5 });
    expect(r.additive).toBe(false);
    expect(r.values.map((v) => [v.value, v.difference, v.share])).toEqual([
      ["DE", null, null],
      ["US", null, null],
    ]);
  });

  it("gives no share when the overall difference is zero", () => {
    const r = explainByBreakdown({ aggregation: "count", current: [group("DE", 5), group("US", 5)], previous: [group("DE", 3), group("US", 7)], overall: 0, limit: 5 });
    expect(r.values.map((v) => v.share)).toEqual([null, null]);
  });
});

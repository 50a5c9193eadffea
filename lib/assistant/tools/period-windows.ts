import { daysInMonth } from "@/lib/time/instant";
import { INTERVAL_MS, type FixedInterval } from "@/lib/query/resolve-range";
import { addDays, isoWeekday, localDate, localParts, shiftLocalDays, zonedTime } from "@/lib/query/zoned-time";

// The two periods compare_periods puts side by side, computed in the caller's time zone.
// Named periods compare like with like: the current period up to now against the previous
// one cut at the same point (this week so far, Monday 00:00 to now, against last week from
// Monday 00:00 to the same weekday and time), so a partial day never looks like a drop.

export const PERIODS = ["this_week_vs_last_week", "today_vs_yesterday", "last_7_days_vs_previous_7_days", "this_month_vs_last_month", "custom"] as const;
export type Period = (typeof PERIODS)[number];

export interface Span {
  from: number;
  to: number;
}

export interface PeriodWindows {
  current: Span;
  previous: Span;
  /** The bucket both sides are cut into, matched by position. */
  interval: FixedInterval;
}

/** Buckets the per-bucket comparison lists at most. */
export const MAX_COMPARED_BUCKETS = 50;

// A period that has just begun (now is Monday 00:00:00) still needs from < to.
const end = (from: number, to: number) => Math.max(to, from + 1000);

/** Hourly buckets when local midnight is on the hour; quarter hours in zones like Asia/Kolkata. */
const hourly = (midnight: number): FixedInterval => (midnight % INTERVAL_MS["1h"] === 0 ? "1h" : "15m");

/**
 * Buckets people compare periods by: days for spans of two days or more (weeks past 50 days),
 * hours for spans of two hours or more, else the finest of 1m/5m/15m giving ≤ 50 buckets.
 */
export function comparisonInterval(durationMs: number): FixedInterval {
  const day = INTERVAL_MS["1d"];
  if (durationMs > MAX_COMPARED_BUCKETS * day) return "1w";
  if (durationMs >= 2 * day) return "1d";
  if (durationMs >= 2 * INTERVAL_MS["1h"]) return durationMs <= MAX_COMPARED_BUCKETS * INTERVAL_MS["1h"] ? "1h" : "6h";
  return (["1m", "5m", "15m"] as const).find((i) => Math.ceil(durationMs / INTERVAL_MS[i]) <= MAX_COMPARED_BUCKETS) ?? "1h";
}

export function periodWindows(period: Exclude<Period, "custom">, timezone: string, now: number): PeriodWindows {
  const today = localDate(now, timezone);
  const midnight = zonedTime(today, timezone);
  switch (period) {
    case "this_week_vs_last_week": {
      const monday = addDays(today, -isoWeekday(today));
      const from = zonedTime(monday, timezone);
      return {
        current: { from, to: end(from, now) },
        previous: { from: zonedTime(addDays(monday, -7), timezone), to: end(zonedTime(addDays(monday, -7), timezone), shiftLocalDays(now, -7, timezone)) },
        interval: "1d",
      };
    }
    case "today_vs_yesterday": {
      const yesterday = zonedTime(addDays(today, -1), timezone);
      return { current: { from: midnight, to: end(midnight, now) }, previous: { from: yesterday, to: end(yesterday, shiftLocalDays(now, -1, timezone)) }, interval: hourly(midnight) };
    }
    case "last_7_days_vs_previous_7_days": {
      const from = zonedTime(addDays(today, -6), timezone);
      const before = zonedTime(addDays(today, -13), timezone);
      return { current: { from, to: end(from, now) }, previous: { from: before, to: end(before, shiftLocalDays(now, -7, timezone)) }, interval: "1d" };
    }
    case "this_month_vs_last_month": {
      const from = zonedTime({ ...today, day: 1 }, timezone);
      const last = today.month === 1 ? { year: today.year - 1, month: 12 } : { year: today.year, month: today.month - 1 };
      const lastFrom = zonedTime({ ...last, day: 1 }, timezone);
      // The same day of the month and time of day last month; past its last day, its end.
      const p = localParts(now, timezone);
      const lastTo = today.day <= daysInMonth(last.year, last.month) ? zonedTime({ ...last, day: today.day }, timezone, p.hour, p.minute, p.second) : from;
      return { current: { from, to: end(from, now) }, previous: { from: lastFrom, to: end(lastFrom, Math.min(lastTo, from)) }, interval: "1d" };
    }
  }
}

import { invalid } from "@/lib/errors";
import { PG_SAFE_MAX_MS, PG_SAFE_MIN_MS, queryInstantMs } from "@/lib/time/instant";
import type { Compare, Interval, Range } from "./model";
import { addDays, isoWeekday, localDate, shiftLocalDays, zonedTime } from "./zoned-time";

export type FixedInterval = Exclude<Interval, "auto">;

/** How rows fall into buckets: fixed steps from the window start, or local calendar days/weeks. */
export type Bucketing = { kind: "fixed"; stepMs: number } | { kind: "calendar"; unit: "day" | "week" };

/** A resolved time window: the buckets a query answers, start-aligned, end exclusive. */
export interface Window {
  timezone: string;
  interval: FixedInterval;
  intervalSeconds: number;
  bucketing: Bucketing;
  starts: number[];
  /** Each bucket's own end; the last may lie after `end` (the bucket still filling). */
  ends: number[];
  from: number;
  end: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const INTERVAL_MS: Record<FixedInterval, number> = {
  "1m": MINUTE,
  "5m": 5 * MINUTE,
  "15m": 15 * MINUTE,
  "1h": HOUR,
  "6h": 6 * HOUR,
  "1d": DAY,
  "1w": 7 * DAY,
};

/** Auto intervals keep a series at about this many points at most. */
export const AUTO_MAX_POINTS = 200;
/** Explicit intervals may ask for more, but not without bound. */
export const MAX_BUCKETS = 2000;

const RELATIVE_MS: Record<string, number> = {
  "15m": 15 * MINUTE,
  "1h": HOUR,
  "6h": 6 * HOUR,
  "24h": DAY,
  "7d": 7 * DAY,
  "14d": 14 * DAY,
  "30d": 30 * DAY,
  "90d": 90 * DAY,
};

/** The raw [from, to) a range names, before bucket alignment. */
export function rangeBounds(range: Range, timezone: string, now: number): { from: number; to: number } {
  if (typeof range === "object") return { from: instant(range.from, "range.from"), to: instant(range.to, "range.to") };
  if (range in RELATIVE_MS) return { from: now - RELATIVE_MS[range], to: now };
  if (/^\d+[mhdw]$/.test(range)) return { from: now - offsetToMs(range), to: now };
  const today = localDate(now, timezone);
  switch (range) {
    case "today":
      return { from: zonedTime(today, timezone), to: now };
    case "yesterday":
      return { from: zonedTime(addDays(today, -1), timezone), to: zonedTime(today, timezone) };
    case "mtd":
      return { from: zonedTime({ ...today, day: 1 }, timezone), to: now };
    default:
      return { from: zonedTime({ year: today.year, month: 1, day: 1 }, timezone), to: now };
  }
}

function instant(value: string | number, field: string): number {
  const ms = queryInstantMs(value);
  if (typeof ms === "string") throw invalid("Invalid range", [{ field, message: ms }]);
  return ms;
}

/**
 * Every instant a window sends to PostgreSQL must be one it reads back: years 0001–9999
 * (a bucket start before `from`, a comparison shifted back, a clock far off). Past that the
 * query is refused naming the field, never sent.
 */
function checkWindow(w: Window, field: string): Window {
  const inside = (t: number) => Number.isFinite(t) && t >= PG_SAFE_MIN_MS && t <= PG_SAFE_MAX_MS;
  if (!inside(w.from) || !inside(w.end)) {
    throw invalid("Invalid range", [{ field, message: "The range (with its buckets and comparison) must lie within the years 0001 to 9999" }]);
  }
  return w;
}

/** The finest interval that keeps the window at or under AUTO_MAX_POINTS buckets. */
export function autoInterval(durationMs: number): FixedInterval {
  const order: FixedInterval[] = ["1m", "5m", "15m", "1h", "6h", "1d", "1w"];
  return order.find((i) => Math.ceil(durationMs / INTERVAL_MS[i]) <= AUTO_MAX_POINTS) ?? "1w";
}

export function resolveWindow(options: { range?: Range; interval?: Interval; timezone?: string; now?: number }): Window {
  const timezone = options.timezone ?? "UTC";
  const now = options.now ?? Date.now();
  checkWindow({ from: now, end: now } as Window, "range");
  const { from, to } = rangeBounds(options.range ?? "24h", timezone, now);
  checkWindow({ from, end: to } as Window, "range");
  const interval = !options.interval || options.interval === "auto" ? autoInterval(to - from) : options.interval;
  const bucketing: Bucketing =
    interval === "1d" || interval === "1w" ? { kind: "calendar", unit: interval === "1d" ? "day" : "week" } : { kind: "fixed", stepMs: INTERVAL_MS[interval] };
  const starts: number[] = [];
  const ends: number[] = [];
  if (bucketing.kind === "fixed") {
    // Sub-day buckets sit on multiples of the step since the epoch (whole hours in whole-hour zones).
    for (let s = Math.floor(from / bucketing.stepMs) * bucketing.stepMs; s < to || starts.length === 0; s += bucketing.stepMs) {
      starts.push(s);
      ends.push(s + bucketing.stepMs);
      if (starts.length > MAX_BUCKETS) break;
    }
  } else {
    const step = bucketing.unit === "day" ? 1 : 7;
    let day = localDate(from, timezone);
    if (bucketing.unit === "week") day = addDays(day, -isoWeekday(day));
    for (let s = zonedTime(day, timezone); s < to || starts.length === 0; ) {
      day = addDays(day, step);
      const next = zonedTime(day, timezone);
      starts.push(s);
      ends.push(next);
      s = next;
      if (starts.length > MAX_BUCKETS) break;
    }
  }
  if (starts.length > MAX_BUCKETS) {
    throw invalid("Too many buckets", [{ field: "interval", message: `The interval ${interval} gives more than ${MAX_BUCKETS} buckets for this range; choose a coarser interval or "auto"` }]);
  }
  return checkWindow({ timezone, interval, intervalSeconds: INTERVAL_MS[interval] / 1000, bucketing, starts, ends, from: starts[0], end: Math.max(to, starts[0] + 1) }, "range");
}

export function offsetToMs(offset: string): number {
  const n = Number(offset.slice(0, -1));
  const unit = offset.slice(-1);
  return n * (unit === "m" ? MINUTE : unit === "h" ? HOUR : unit === "d" ? DAY : 7 * DAY);
}

/**
 * The window a comparison reads: as many buckets as the current one, earlier by the
 * window's own length (previous_period) or by the offset. Calendar buckets move by whole
 * local days so that Monday compares with Monday across DST changes.
 */
export function previousWindow(w: Window, compare: Compare): Window {
  if (w.bucketing.kind === "fixed") {
    const shift = compare === "previous_period" ? w.end - w.from : offsetToMs(compare.offset);
    return checkWindow({ ...w, starts: w.starts.map((s) => s - shift), ends: w.ends.map((s) => s - shift), from: w.from - shift, end: w.end - shift }, "compare");
  }
  const week = w.bucketing.unit === "week";
  let days: number;
  if (compare === "previous_period") days = w.starts.length * (week ? 7 : 1);
  else {
    const whole = Math.round(offsetToMs(compare.offset) / DAY);
    days = week ? Math.max(1, Math.round(whole / 7)) * 7 : Math.max(1, whole);
  }
  // Checked before moving: Intl cannot place a wall time before the year -271821.
  checkWindow({ ...w, from: w.from - days * DAY - DAY, end: w.end - days * DAY + DAY }, "compare");
  const move = (t: number) => shiftLocalDays(t, -days, w.timezone);
  const starts = w.starts.map(move);
  return checkWindow({ ...w, starts, ends: w.ends.map(move), from: starts[0], end: move(w.end) }, "compare");
}

// Wall-clock arithmetic in an IANA time zone with Intl only, so day and week buckets start
// at local midnight and DST days are 23 or 25 hours long, exactly as PostgreSQL's
// date_trunc(unit, time, zone) computes them.

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export interface LocalParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999 (a far comparison reaches year 53). */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(tz, f);
  }
  return f;
}

export function localParts(ms: number, tz: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute, second: out.second };
}

/** How far local wall time is ahead of UTC at an instant. */
export function offsetMs(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  const wall = utc(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant a local wall time happens, by PostgreSQL's rule (DetermineTimeZoneOffset), so
 * bucket edges match date_trunc: a wall time shown twice (clocks going back at midnight, as
 * in the Azores) is read with the offset after the change, the later instant; a wall time
 * inside a DST gap (a midnight that is skipped, as in Santiago or Havana) with the offset
 * before it, which is the instant the gap ends.
 */
export function zonedTime(d: LocalDate, tz: string, hour = 0, minute = 0, second = 0): number {
  const wall = utc(d.year, d.month - 1, d.day, hour, minute, second);
  const candidates = [...new Set([wall - offsetMs(wall - DAY_MS, tz), wall - offsetMs(wall + DAY_MS, tz)])].sort((a, b) => a - b);
  const shows = (t: number) => {
    const p = localParts(t, tz);
    return utc(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) === wall;
  };
  return candidates.findLast(shows) ?? candidates[candidates.length - 1];
}

export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(utc(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 for Monday … 6 for Sunday (ISO weeks, as date_trunc('week') uses). */
export function isoWeekday(d: LocalDate): number {
  return (new Date(utc(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

export function localDate(ms: number, tz: string): LocalDate {
  const p = localParts(ms, tz);
  return { year: p.year, month: p.month, day: p.day };
}

/** The same local wall time `days` calendar days earlier or later. */
export function shiftLocalDays(ms: number, days: number, tz: string): number {
  const p = localParts(ms, tz);
  const d = addDays(p, days);
  return zonedTime(d, tz, p.hour, p.minute, p.second) + (((ms % 1000) + 1000) % 1000);
}

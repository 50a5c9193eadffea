import { z } from "zod";

// One reading of timestamps for ingest, queries and paging cursors. `Date.parse` rolls an
// impossible date over (2026-02-31 becomes 3 March) and knows years PostgreSQL refuses, so
// the calendar is checked field by field here. Client-safe: zod only.

/** 0001-01-01T00:00:00Z: PostgreSQL reads no year 0 and no signed ISO years. */
export const PG_SAFE_MIN_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z: past it, toISOString writes "+010000-…", which PostgreSQL refuses. */
export const PG_SAFE_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** What a query range may name: epoch 0 (epoch numbers are non-negative) to the end of year 9999. */
export const QUERY_MIN_MS = 0;
export const QUERY_MAX_MS = PG_SAFE_MAX_MS;

// Date, then optionally a time; the offset is ±hh, ±hhmm or ±hh:mm (ISO 8601 and PostgreSQL).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

export interface ParsedInstant {
  /** Epoch milliseconds (a fraction finer than a millisecond is cut, as Date.parse does). */
  ms: number;
  /** Whether the text named its offset (Z or ±hh:mm). */
  hasOffset: boolean;
  /** Whether the text had a time of day, not only a date. */
  hasTime: boolean;
}

export type InstantProblem = "format" | "calendar" | "range";

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Reads `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±hh[:mm]]` (no offset means UTC) with every field in
 * its calendar range: months 1–12, the month's own days (29 February in leap years only),
 * hours 0–23 (no 24:00), minutes and seconds 0–59 (no leap second), offsets up to ±15:59 as
 * PostgreSQL allows. Years 0001–9999.
 */
export function parseInstant(text: string): ParsedInstant | InstantProblem {
  const m = ISO.exec(text);
  if (!m) return "format";
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return "calendar";
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 15 || offsetMinutes > 59) return "calendar";
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const sign = m[9] === "-" ? -1 : 1;
  const ms = utc.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  if (ms < PG_SAFE_MIN_MS || ms > PG_SAFE_MAX_MS) return "range";
  return { ms, hasOffset: Boolean(m[8] || m[9]), hasTime: m[4] !== undefined };
}

export const INSTANT_PROBLEM_MESSAGES: Record<InstantProblem, string> = {
  format: "use ISO 8601, e.g. 2026-01-31T12:00:00.000Z",
  calendar: "that date or time does not exist (check the month's days, hours 00–23, minutes and seconds 00–59)",
  range: "years 0001 to 9999 only",
};

const QUERY_RANGE_MESSAGE = "Use a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";

/** Epoch ms of a query instant (ISO string with offset, or epoch ms), or a reason it is not one. */
export function queryInstantMs(value: string | number): number | string {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) return "Epoch milliseconds must be a whole number";
    return value >= QUERY_MIN_MS && value <= QUERY_MAX_MS ? value : QUERY_RANGE_MESSAGE;
  }
  const parsed = parseInstant(value);
  if (typeof parsed === "string") return `Not a valid time: ${INSTANT_PROBLEM_MESSAGES[parsed]}`;
  if (!parsed.hasTime || !parsed.hasOffset) return "Give a full date and time with its offset, e.g. 2026-01-31T12:00:00Z";
  return parsed.ms >= QUERY_MIN_MS && parsed.ms <= QUERY_MAX_MS ? parsed.ms : QUERY_RANGE_MESSAGE;
}

/** A point in time in a query: an ISO 8601 string with offset, or epoch milliseconds. */
export const QueryInstant = z
  .union([z.string().max(40), z.number()], { error: "Give an ISO 8601 time or epoch milliseconds" })
  .superRefine((v, ctx) => {
    const ms = queryInstantMs(v);
    if (typeof ms === "string") ctx.addIssue({ code: "custom", message: ms });
  })
  .meta({ description: "ISO 8601 date and time with its offset (a date that exists, hours 00–23), or whole epoch milliseconds; 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z." });

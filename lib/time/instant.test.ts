import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysInMonth, parseInstant, PG_SAFE_MAX_MS, PG_SAFE_MIN_MS, QueryInstant, queryInstantMs } from "./instant";

const ms = (text: string) => {
  const parsed = parseInstant(text);
  return typeof parsed === "string" ? parsed : parsed.ms;
};

describe("parseInstant", () => {
  it("refuses dates the calendar does not have, which Date.parse rolls over", () => {
    expect(Date.parse("2026-02-31T00:00:00Z")).toBe(Date.parse("2026-03-03T00:00:00Z"));
    expect(ms("2026-02-31T00:00:00Z")).toBe("calendar");
    expect(ms("2026-04-31")).toBe("calendar");
    expect(ms("2026-13-01T00:00:00Z")).toBe("calendar");
    expect(ms("2026-00-10T00:00:00Z")).toBe("calendar");
    expect(ms("2026-01-00T00:00:00Z")).toBe("calendar");
    expect(ms("0000-01-01T00:00:00Z")).toBe("calendar");
  });

  it("knows leap years: every 4th, not every 100th, but every 400th", () => {
    expect(ms("2024-02-29T12:00:00Z")).toBe(Date.UTC(2024, 1, 29, 12));
    expect(ms("2000-02-29")).toBe(Date.UTC(2000, 1, 29));
    expect(ms("2023-02-29")).toBe("calendar");
    expect(ms("1900-02-29")).toBe("calendar");
    expect(ms("2100-02-29")).toBe("calendar");
  });

  it("has no 24:00, no minute 60 and no leap second", () => {
    expect(ms("2026-01-01T24:00:00Z")).toBe("calendar");
    expect(ms("2026-01-01T23:60:00Z")).toBe("calendar");
    expect(ms("2026-01-01T23:59:60Z")).toBe("calendar");
    expect(ms("2026-01-01T23:59:59.999Z")).toBe(Date.UTC(2026, 0, 1, 23, 59, 59, 999));
  });

  it("reads offsets as PostgreSQL does (±hh, ±hhmm, ±hh:mm up to 15:59) and no offset as UTC", () => {
    expect(ms("2026-01-01T12:00:00+02:00")).toBe(Date.UTC(2026, 0, 1, 10));
    expect(ms("2026-01-01T12:00:00-0530")).toBe(Date.UTC(2026, 0, 1, 17, 30));
    expect(ms("2026-01-01 12:00:00.123456+00")).toBe(Date.UTC(2026, 0, 1, 12, 0, 0, 123));
    expect(ms("2026-01-01T12:00")).toBe(Date.UTC(2026, 0, 1, 12));
    expect(ms("2026-01-01T12:00:00+16:00")).toBe("calendar");
    expect(ms("2026-01-01T12:00:00+05:60")).toBe("calendar");
  });

  it("refuses what is not ISO 8601 and instants outside the years 0001–9999", () => {
    for (const text of ["", "yesterday", "2026-1-1", "+010000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "2026-01-01T12", "2026-01-01T12:00:00ZZ", "2026-01-01T12:00:00.1234567890Z"]) {
      expect(ms(text), text).toBe("format");
    }
    expect(ms("0001-01-01T00:00:00+01:00")).toBe("range");
    expect(ms("9999-12-31T23:59:59.999-01:00")).toBe("range");
    expect(ms("0001-01-01T00:00:00Z")).toBe(PG_SAFE_MIN_MS);
    expect(ms("9999-12-31T23:59:59.999Z")).toBe(PG_SAFE_MAX_MS);
  });

  it("round-trips every instant toISOString writes in its range", () => {
    fc.assert(
      fc.property(fc.integer({ min: PG_SAFE_MIN_MS, max: PG_SAFE_MAX_MS }), (t) => {
        expect(ms(new Date(t).toISOString())).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts a date exactly when the month has that day", () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const exists = m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
        const parsed = parseInstant(`${pad(y, 4)}-${pad(m)}-${pad(d)}T00:00:00Z`);
        expect(typeof parsed !== "string").toBe(exists);
        if (typeof parsed !== "string") expect(new Date(parsed.ms).getUTCDate()).toBe(d);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("query instants", () => {
  it("need a full time with offset, or whole epoch milliseconds, from 1970 to the end of 9999", () => {
    expect(queryInstantMs("2026-01-01T00:00:00Z")).toBe(Date.UTC(2026, 0, 1));
    expect(queryInstantMs(0)).toBe(0);
    expect(queryInstantMs("2026-01-01")).toMatch(/offset/);
    expect(queryInstantMs("2026-01-01T00:00:00")).toMatch(/offset/);
    expect(queryInstantMs(-1)).toMatch(/1970/);
    expect(queryInstantMs(8.64e15)).toMatch(/9999/);
    expect(queryInstantMs(1.5)).toMatch(/whole/);
    expect(queryInstantMs("2026-02-31T00:00:00Z")).toMatch(/does not exist/);
    expect(QueryInstant.safeParse(true).success).toBe(false);
    expect(QueryInstant.safeParse("x".repeat(1000)).success).toBe(false);
  });
});

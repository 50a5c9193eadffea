import { describe, expect, it } from "vitest";
import { autoInterval, previousWindow, rangeBounds, resolveWindow } from "./resolve-range";

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("resolveWindow", () => {
  it("aligns a relative range to whole buckets ending now", () => {
    const w = resolveWindow({ range: "6h", interval: "1h", now: t("2026-05-10T12:34:00Z") });
    expect(iso(w.from)).toBe("2026-05-10T06:00:00.000Z");
    expect(iso(w.end)).toBe("2026-05-10T12:34:00.000Z");
    expect(w.starts).toHaveLength(7);
    expect(iso(w.starts[6])).toBe("2026-05-10T12:00:00.000Z");
  });

  it("starts Berlin days at local midnight and makes the spring DST day 23 hours long", () => {
    const w = resolveWindow({ range: { from: "2026-03-28T00:00:00+01:00", to: "2026-03-31T00:00:00+02:00" }, interval: "1d", timezone: "Europe/Berlin" });
    expect(w.starts.map(iso)).toEqual(["2026-03-27T23:00:00.000Z", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
    expect((w.ends[1] - w.starts[1]) / 3_600_000).toBe(23);
  });

  it("makes the autumn DST day 25 hours long", () => {
    const w = resolveWindow({ range: { from: "2026-10-25T00:00:00+02:00", to: "2026-10-26T00:00:00+01:00" }, interval: "1d", timezone: "Europe/Berlin" });
    expect(w.starts.map(iso)).toEqual(["2026-10-24T22:00:00.000Z"]);
    expect((w.ends[0] - w.starts[0]) / 3_600_000).toBe(25);
  });

  it("starts weeks on Monday at local midnight", () => {
    const w = resolveWindow({ range: { from: "2026-03-26T12:00:00Z", to: "2026-04-02T00:00:00Z" }, interval: "1w", timezone: "Europe/Berlin" });
    expect(w.starts.map(iso)).toEqual(["2026-03-22T23:00:00.000Z", "2026-03-29T22:00:00.000Z"]);
  });

  it("resolves today, yesterday, mtd and ytd in the requested zone", () => {
    const now = t("2026-07-15T23:30:00Z"); // already the 16th in Berlin
    expect(iso(rangeBounds("today", "Europe/Berlin", now).from)).toBe("2026-07-15T22:00:00.000Z");
    expect(rangeBounds("yesterday", "Europe/Berlin", now)).toEqual({ from: t("2026-07-14T22:00:00Z"), to: t("2026-07-15T22:00:00Z") });
    expect(iso(rangeBounds("mtd", "UTC", now).from)).toBe("2026-07-01T00:00:00.000Z");
    expect(iso(rangeBounds("ytd", "America/New_York", now).from)).toBe("2026-01-01T05:00:00.000Z");
  });

  it("chooses the finest auto interval that keeps about 200 points", () => {
    expect(autoInterval(60 * 60_000)).toBe("1m");
    expect(autoInterval(24 * 3_600_000)).toBe("15m");
    expect(autoInterval(7 * 86_400_000)).toBe("1h");
    expect(autoInterval(30 * 86_400_000)).toBe("6h");
    expect(autoInterval(90 * 86_400_000)).toBe("1d");
    expect(resolveWindow({ range: "30d", now: t("2026-05-01T00:00:00Z") }).starts.length).toBeLessThanOrEqual(201);
  });

  it("refuses an interval that would give thousands of buckets, naming the field", () => {
    expect(() => resolveWindow({ range: "90d", interval: "1m" })).toThrow(expect.objectContaining({ code: "invalid", details: [expect.objectContaining({ field: "interval" })] }));
  });
});

describe("windows at the edge of time", () => {
  it("answers a range ending at the last instant of 9999 without leaving PostgreSQL's range", () => {
    const w = resolveWindow({ range: { from: "9999-12-30T00:00:00Z", to: "9999-12-31T23:59:59.999Z" }, interval: "1w" });
    expect(iso(w.end)).toBe("9999-12-31T23:59:59.999Z");
    expect(iso(previousWindow(w, "previous_period").from)).toMatch(/^9999-12-/);
  });

  it("refuses a relative range or comparison whose computed ends leave the years 0001–9999, naming the field", () => {
    expect(() => resolveWindow({ range: "24h", now: 8.64e15 })).toThrow(expect.objectContaining({ code: "invalid", details: [expect.objectContaining({ field: "range" })] }));
    expect(() => resolveWindow({ range: "today", timezone: "Europe/Berlin", now: 8.64e15 })).toThrow(expect.objectContaining({ code: "invalid" }));
  });

  it("keeps the furthest comparison of the earliest range inside PostgreSQL's years", () => {
    for (const interval of ["1h", "1d", "1w"] as const) {
      const w = resolveWindow({ range: { from: 0, to: 3 * 86_400_000 }, interval, timezone: "Europe/Berlin" });
      const p = previousWindow(w, { offset: "99999w" });
      expect(iso(p.from)).toMatch(/^00(5[3-9]|6\d)-/);
      expect(p.end - p.from).toBeGreaterThan(0);
    }
  });
});

describe("previousWindow", () => {
  it("moves fixed buckets back by the window's length", () => {
    const w = resolveWindow({ range: { from: "2026-01-01T02:00:00Z", to: "2026-01-01T05:00:00Z" }, interval: "1h" });
    const p = previousWindow(w, "previous_period");
    expect(p.starts.map(iso)).toEqual(["2025-12-31T23:00:00.000Z", "2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00.000Z"]);
    expect(iso(p.end)).toBe("2026-01-01T02:00:00.000Z");
  });

  it("moves calendar days by whole local days across DST", () => {
    const w = resolveWindow({ range: { from: "2026-03-30T00:00:00+02:00", to: "2026-04-01T00:00:00+02:00" }, interval: "1d", timezone: "Europe/Berlin" });
    const p = previousWindow(w, { offset: "7d" });
    expect(p.starts.map(iso)).toEqual(["2026-03-22T23:00:00.000Z", "2026-03-23T23:00:00.000Z"]);
  });
});

describe("zones whose midnight is skipped", () => {
  it("start the day when the DST gap ends, as PostgreSQL does", () => {
    const santiago = resolveWindow({ range: { from: "2026-09-05T12:00:00Z", to: "2026-09-07T12:00:00Z" }, interval: "1d", timezone: "America/Santiago" });
    expect(santiago.starts.map(iso)).toEqual(["2026-09-05T04:00:00.000Z", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z"]);
    expect((santiago.ends[1] - santiago.starts[1]) / 3_600_000).toBe(23);
    const havana = resolveWindow({ range: { from: "2026-03-07T12:00:00Z", to: "2026-03-09T12:00:00Z" }, interval: "1d", timezone: "America/Havana" });
    expect(havana.starts.map(iso)).toEqual(["2026-03-07T05:00:00.000Z", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
  });
});

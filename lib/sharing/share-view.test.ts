import { describe, expect, it } from "vitest";
import { allowedPresets, rangeAllowed, sharedView } from "./share-view";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const DAY = 86_400_000;
const fixed = { allowRangeChange: false, maxLookbackDays: null };
const open = { allowRangeChange: true, maxLookbackDays: null };
const week = { allowRangeChange: true, maxLookbackDays: 7 };
const iso = (ms: number) => new Date(ms).toISOString();

describe("which ranges a share link allows", () => {
  it("always allows the dashboard's saved range, even to a link with a fixed range", () => {
    expect(rangeAllowed("7d", fixed, "7d", NOW)).toBe(true);
    expect(rangeAllowed({ from: iso(NOW - DAY), to: iso(NOW) }, fixed, { from: iso(NOW - DAY), to: iso(NOW) }, NOW)).toBe(true);
  });

  it("refuses any other range when the link does not let viewers change it", () => {
    expect(rangeAllowed("24h", fixed, "7d", NOW)).toBe(false);
    expect(rangeAllowed({ from: iso(NOW - DAY), to: iso(NOW) }, fixed, "7d", NOW)).toBe(false);
  });

  it("allows every range when changes are allowed without a bound", () => {
    expect(rangeAllowed("ytd", open, "7d", NOW)).toBe(true);
    expect(rangeAllowed({ from: "1970-01-01T00:00:00Z", to: iso(NOW) }, open, "7d", NOW)).toBe(true);
  });

  it("bounds presets by how far back they can reach", () => {
    expect(rangeAllowed("7d", week, "24h", NOW)).toBe(true);
    expect(rangeAllowed("14d", week, "24h", NOW)).toBe(false);
    // Month to date can reach 31 days back: beyond a 7-day bound whatever the date.
    expect(rangeAllowed("mtd", week, "24h", NOW)).toBe(false);
    expect(allowedPresets(week, "24h")).toEqual(["15m", "1h", "6h", "24h", "7d", "today", "yesterday"]);
  });

  it("bounds absolute ranges by their start", () => {
    expect(rangeAllowed({ from: iso(NOW - 6 * DAY), to: iso(NOW - 5 * DAY) }, week, "24h", NOW)).toBe(true);
    expect(rangeAllowed({ from: iso(NOW - 8 * DAY), to: iso(NOW - 7.5 * DAY) }, week, "24h", NOW)).toBe(false);
  });

  it("puts a refused range in the URL back to the saved one and keeps the rest of the view", () => {
    const view = { range: "90d" as const, interval: "1h" as const, timezone: "Europe/Berlin", refreshSeconds: 60 };
    expect(sharedView(view, week, "24h", NOW)).toEqual({ ...view, range: "24h" });
    expect(sharedView({ ...view, range: "7d" }, week, "24h", NOW)).toEqual({ ...view, range: "7d" });
  });
});

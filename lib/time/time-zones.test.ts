import { afterEach, describe, expect, it } from "vitest";
import { canonicalTimeZone, installTimeZoneDirectory, intlAcceptsTimeZone, intlOffsetSeconds, TimeZone, timeZoneDirectorySource, usableTimeZoneNames } from "./time-zones";
import { TIME_ZONE_NAMES } from "./time-zone-names";

afterEach(() => installTimeZoneDirectory(TIME_ZONE_NAMES));

describe("time zones", () => {
  it("refuses a zone Intl accepts but PostgreSQL does not", () => {
    expect(intlAcceptsTimeZone("US/Pacific-New")).toBe(true);
    expect(canonicalTimeZone("US/Pacific-New")).toBeNull();
    expect(TimeZone.safeParse("US/Pacific-New").success).toBe(false);
  });

  it("refuses names neither knows, POSIX rules, offsets and absurd lengths", () => {
    for (const name of ["Mars/Olympus", "", "UTC+3", "+03:00", "Z", "posix/Europe/Berlin", "localtime", "Factory", "Europe/Berlin\u0000", "x".repeat(10_000)]) {
      expect(TimeZone.safeParse(name).success, JSON.stringify(name.slice(0, 30))).toBe(false);
    }
    expect(TimeZone.safeParse(42).success).toBe(false);
  });

  it("answers PostgreSQL's spelling whatever the case", () => {
    expect(TimeZone.parse("europe/berlin")).toBe("Europe/Berlin");
    expect(TimeZone.parse("utc")).toBe("UTC");
    expect(TimeZone.parse("Etc/GMT+3")).toBe("Etc/GMT+3");
  });

  it("ships a generated list that Intl accepts whole", () => {
    expect(TIME_ZONE_NAMES.length).toBeGreaterThan(500);
    expect(TIME_ZONE_NAMES.filter((n) => !intlAcceptsTimeZone(n))).toEqual([]);
    expect(new Set(TIME_ZONE_NAMES).size).toBe(TIME_ZONE_NAMES.length);
  });

  it("keeps a name that is also an abbreviation only where Intl never leaves the abbreviation's offset", () => {
    expect(intlOffsetSeconds("Asia/Kolkata", Date.UTC(2026, 0, 1))).toBe(19_800);
    expect(intlOffsetSeconds("America/New_York", Date.UTC(2026, 6, 1))).toBe(-14_400);
    const rows = [
      { name: "CET", abbreviationOffsetSeconds: 3600 },
      { name: "EST", abbreviationOffsetSeconds: -18_000 },
      { name: "UTC", abbreviationOffsetSeconds: 0 },
      { name: "Europe/Paris", abbreviationOffsetSeconds: null },
      { name: "Factory", abbreviationOffsetSeconds: null },
    ];
    expect(usableTimeZoneNames(rows, 2026)).toEqual(["EST", "UTC", "Europe/Paris"]);
    expect(TIME_ZONE_NAMES).not.toContain("CET");
  });

  it("follows the database's own list once installed, keeping only what Intl knows", () => {
    installTimeZoneDirectory(["UTC", "Europe/Berlin", "Factory", "posix/Europe/Berlin"]);
    expect(timeZoneDirectorySource()).toBe("database");
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("America/New_York")).toBeNull();
    expect(canonicalTimeZone("Factory")).toBeNull();
    expect(canonicalTimeZone("posix/Europe/Berlin")).toBeNull();
  });
});

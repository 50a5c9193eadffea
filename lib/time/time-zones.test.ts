import { afterEach, describe, expect, it } from "vitest";
import { canonicalTimeZone, installTimeZoneDirectory, intlAcceptsTimeZone, TimeZone, timeZoneDirectorySource } from "./time-zones";
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

  it("follows the database's own list once installed, keeping only what Intl knows", () => {
    installTimeZoneDirectory(["UTC", "Europe/Berlin", "Factory", "posix/Europe/Berlin"]);
    expect(timeZoneDirectorySource()).toBe("database");
    expect(canonicalTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("America/New_York")).toBeNull();
    expect(canonicalTimeZone("Factory")).toBeNull();
    expect(canonicalTimeZone("posix/Europe/Berlin")).toBeNull();
  });
});

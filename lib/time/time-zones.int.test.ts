import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { resolveWindow } from "@/lib/query/resolve-range";
import { allDatabaseTimeZones, databaseTimeZoneNames, ensureTimeZoneDirectory } from "./load-time-zones";
import { TIME_ZONE_NAMES } from "./time-zone-names";
import { canonicalTimeZone, intlAcceptsTimeZone, intlOffsetSeconds, timeZoneDirectorySource } from "./time-zones";

describe("time zones against the running PostgreSQL", () => {
  it("ships only zones this PostgreSQL knows (regenerate with `npx tsx scripts/time-zone-names.ts`)", async () => {
    const known = new Set(await databaseTimeZoneNames());
    expect(TIME_ZONE_NAMES.filter((n) => !known.has(n))).toEqual([]);
    expect(TIME_ZONE_NAMES.filter((n) => !intlAcceptsTimeZone(n))).toEqual([]);
    // The case of the issue: Intl still knows the zone PostgreSQL dropped.
    expect(known.has("US/Pacific-New")).toBe(false);
    expect(intlAcceptsTimeZone("US/Pacific-New")).toBe(true);
  });

  it("leaves out names PostgreSQL reads as a fixed-offset abbreviation while Intl gives them summer time", async () => {
    const all = await allDatabaseTimeZones();
    const usable = new Set(await databaseTimeZoneNames());
    for (const name of ["CET", "EET", "MET", "WET"]) {
      expect(all.find((z) => z.name === name)?.abbreviationOffsetSeconds, name).not.toBeNull();
      expect(usable.has(name), name).toBe(false);
    }
    for (const name of ["UTC", "EST", "Europe/Paris"]) expect(usable.has(name), name).toBe(true);
  });

  it("follows the database's own list once loaded: every zone it accepts, PostgreSQL and Intl both use", async () => {
    await ensureTimeZoneDirectory();
    expect(timeZoneDirectorySource()).toBe("database");
    const names = await databaseTimeZoneNames();
    const accepted = names.map(canonicalTimeZone).filter((z): z is string => z !== null);
    expect(accepted.length).toBeGreaterThan(500);
    expect(names.filter((n) => intlAcceptsTimeZone(n) && canonicalTimeZone(n) === null)).toEqual([]);
    expect(canonicalTimeZone("US/Pacific-New")).toBeNull();
    // Throws if PostgreSQL refuses any of them.
    const rows = await sql()<{ zone: string }[]>`SELECT z AS zone, date_trunc('day', now(), z) FROM unnest(${accepted}::text[]) z`;
    expect(rows).toHaveLength(accepted.length);
  });

  it("starts days at the same instant in PostgreSQL and in Intl, for every accepted zone through a year of DST changes", async () => {
    await ensureTimeZoneDirectory();
    const zones = (await databaseTimeZoneNames()).map(canonicalTimeZone).filter((z): z is string => z !== null);
    // Mid-month and the days clocks change somewhere (Americas, Europe, Azores, Chile, Cuba, Australia, Iran, Lord Howe…).
    const days = ["2026-01-15", "2026-04-15", "2026-07-15", "2026-10-15",
      "2026-03-08", "2026-03-29", "2026-04-05", "2026-09-06", "2026-10-04", "2026-10-25", "2026-11-01", "2026-03-21", "2026-09-21"];
    // Where Node's and PostgreSQL's tz databases are of different releases, a zone's offsets may
    // differ (a country changed its rules); those pairs say nothing about how edges are cut.
    let compared = 0;
    let skewed = 0;
    for (const at of days.flatMap((d) => [`${d}T02:30:00Z`, `${d}T21:30:00Z`])) {
      const rows = await sql()<{ zone: string; start: number; offsets: number[] }[]>`
        SELECT z AS zone, (extract(epoch FROM s) * 1000)::float8 AS start,
               ARRAY(SELECT extract(epoch FROM (t AT TIME ZONE z) - (t AT TIME ZONE 'UTC'))::int
                     FROM unnest(ARRAY[s - interval '1 day', s, s + interval '1 day', ${at}::timestamptz]) t) AS offsets
        FROM unnest(${zones}::text[]) z, LATERAL (SELECT date_trunc('day', ${at}::timestamptz, z) AS s) d`;
      const differ = rows.filter((r) => {
        const instants = [r.start - 86_400_000, r.start, r.start + 86_400_000, Date.parse(at)];
        if (instants.some((t, i) => intlOffsetSeconds(r.zone, t) !== r.offsets[i])) return ++skewed < 0;
        compared++;
        return resolveWindow({ range: { from: at, to: Date.parse(at) + 1 }, interval: "1d", timezone: r.zone }).from !== r.start;
      });
      expect(differ.map((r) => `${r.zone} @ ${at}`)).toEqual([]);
    }
    expect(skewed).toBeLessThan(compared / 50);
  }, 60_000);
});

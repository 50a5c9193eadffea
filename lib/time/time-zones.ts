import { z } from "zod";
import { TIME_ZONE_NAMES } from "./time-zone-names";

// A zone must be known to PostgreSQL (date_trunc(unit, time, zone) buckets the rows) and to
// Intl (zoned-time.ts computes the same bucket edges): Intl alone accepts names PostgreSQL
// refuses, such as US/Pacific-New. The directory starts as the list generated from
// PostgreSQL and, on the server, is replaced by the running database's own pg_timezone_names
// (load-time-zones.ts): system-tzdata builds (Debian's PostgreSQL 15, the TimescaleDB
// images) may lack or add names. Client-safe: zod and Intl only.

/** Lower-case name → the spelling PostgreSQL lists (both match names case-insensitively). */
type Directory = ReadonlyMap<string, string>;

export function intlAcceptsTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** A zone's UTC offset in seconds at an instant, as Intl computes it. */
export function intlOffsetSeconds(zone: string, ms: number): number {
  let format = offsetFormats.get(zone);
  if (!format) offsetFormats.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })));
  const name = format.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(name);
  if (!m || !m[1]) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
}

/**
 * The zone names that mean the same to PostgreSQL and to Intl. PostgreSQL reads a name that
 * is also a time zone abbreviation (CET, EET, MET, WET, EST…) as that abbreviation's fixed
 * offset, while Intl gives CET its summer time: such a name is kept only where the zone
 * never leaves that offset (EST, UTC), else days and hours would be cut differently.
 */
export function usableTimeZoneNames(rows: { name: string; abbreviationOffsetSeconds: number | null }[], year = new Date().getUTCFullYear()): string[] {
  const instants = [0, 3, 6, 9].map((month) => Date.UTC(year, month, 15, 12));
  return rows
    .filter((r) => intlAcceptsTimeZone(r.name))
    .filter((r) => r.abbreviationOffsetSeconds === null || instants.every((t) => intlOffsetSeconds(r.name, t) === r.abbreviationOffsetSeconds))
    .map((r) => r.name);
}

const byLowerCase = (names: Iterable<string>): Directory => new Map([...names].map((n) => [n.toLowerCase(), n]));

let directory: Directory | null = null;
let source: "generated" | "database" = "generated";

/** Replaces the known zones with the database's (as usableTimeZoneNames keeps them). */
export function installTimeZoneDirectory(names: Iterable<string>): void {
  directory = byLowerCase([...names].filter(intlAcceptsTimeZone));
  source = "database";
}

/** Where the zones in force come from: the generated list, or the running database. */
export function timeZoneDirectorySource(): "generated" | "database" {
  return source;
}

/** PostgreSQL's spelling of a zone both PostgreSQL and Intl accept, or null. */
export function canonicalTimeZone(name: string): string | null {
  if (name.length === 0 || name.length > MAX_ZONE_LENGTH) return null;
  directory ??= byLowerCase(TIME_ZONE_NAMES);
  return directory.get(name.toLowerCase()) ?? null;
}
const MAX_ZONE_LENGTH = 64;

/** An IANA time zone name, answered in PostgreSQL's spelling ("europe/berlin" → "Europe/Berlin"). */
export const TimeZone = z
  .string({ error: "A time zone is a string such as Europe/Berlin" })
  .transform((name, ctx) => {
    const zone = canonicalTimeZone(name);
    if (zone === null) {
      ctx.addIssue({ code: "custom", message: "Unknown time zone; use an IANA name such as Europe/Berlin (as PostgreSQL's pg_timezone_names lists it)" });
      return z.NEVER;
    }
    return zone;
  })
  .meta({ description: "An IANA time zone that PostgreSQL's pg_timezone_names lists and Intl knows, in any letter case (answered as PostgreSQL spells it). Abbreviation-like names with summer time (CET, EET, MET, WET) are refused." });

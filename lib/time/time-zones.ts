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

const byLowerCase = (names: Iterable<string>): Directory => new Map([...names].map((n) => [n.toLowerCase(), n]));

let directory: Directory | null = null;
let source: "generated" | "database" = "generated";

/** Replaces the known zones with the database's, keeping only those Intl also knows. */
export function installTimeZoneDirectory(pgNames: Iterable<string>): void {
  directory = byLowerCase([...pgNames].filter(intlAcceptsTimeZone));
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
export const TimeZone = z.string({ error: "A time zone is a string such as Europe/Berlin" }).transform((name, ctx) => {
  const zone = canonicalTimeZone(name);
  if (zone === null) {
    ctx.addIssue({ code: "custom", message: "Unknown time zone; use an IANA name such as Europe/Berlin (as PostgreSQL's pg_timezone_names lists it)" });
    return z.NEVER;
  }
  return zone;
});

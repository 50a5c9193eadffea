import { sql } from "@/lib/db/client";
import { installTimeZoneDirectory, usableTimeZoneNames } from "./time-zones";

/** Every zone name with the offset of the abbreviation of the same name (CET, EST), if any. */
export const TIME_ZONE_ROWS_SQL = `
  SELECT n.name,
         (SELECT extract(epoch FROM a.utc_offset)::int FROM pg_timezone_abbrevs a WHERE lower(a.abbrev) = lower(n.name) LIMIT 1) AS "abbreviationOffsetSeconds"
  FROM pg_timezone_names n ORDER BY n.name`;

let loading: Promise<void> | null = null;

/**
 * Loads the running PostgreSQL's zone names once per process (a 20–50 ms read of the tz
 * files), so time zones are validated by the database that will use them. Callers await it
 * before validating input that carries a zone; a failure is retried by the next caller.
 */
export function ensureTimeZoneDirectory(): Promise<void> {
  loading ??= databaseTimeZoneNames()
    .then(installTimeZoneDirectory)
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** The zones of this database that PostgreSQL and Intl read alike, sorted. */
export async function databaseTimeZoneNames(): Promise<string[]> {
  return usableTimeZoneNames(await allDatabaseTimeZones());
}

export async function allDatabaseTimeZones(): Promise<{ name: string; abbreviationOffsetSeconds: number | null }[]> {
  return (await sql().unsafe(TIME_ZONE_ROWS_SQL)) as unknown as { name: string; abbreviationOffsetSeconds: number | null }[];
}

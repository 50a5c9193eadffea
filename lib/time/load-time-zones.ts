import { sql } from "@/lib/db/client";
import { installTimeZoneDirectory } from "./time-zones";

let loading: Promise<void> | null = null;

/**
 * Loads the running PostgreSQL's zone names once per process (a 20–50 ms read of the tz
 * files), so time zones are validated by the database that will use them. Callers await it
 * before validating input that carries a zone; a failure is retried by the next caller.
 */
export function ensureTimeZoneDirectory(): Promise<void> {
  loading ??= sql()<{ name: string }[]>`SELECT name FROM pg_timezone_names`
    .then((rows) => installTimeZoneDirectory(rows.map((r) => r.name)))
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** Every zone name the database lists (for tests and the generator script). */
export async function databaseTimeZoneNames(): Promise<string[]> {
  const rows = await sql()<{ name: string }[]>`SELECT name FROM pg_timezone_names ORDER BY name`;
  return rows.map((r) => r.name);
}

import { ensureTimeZoneDirectory } from "@/lib/time/load-time-zones";
import { knownTimeZone } from "./view-state";

/**
 * The zone the viewer's browser reported in its cookie, checked against this database's own
 * zones (as queries are), or null: without it the server renders in UTC and the browser
 * refetches in its own zone. Also installs that directory before the URL's zone is read.
 */
export async function viewerZoneFromCookie(value: string | undefined): Promise<string | null> {
  await ensureTimeZoneDirectory().catch((error: unknown) => console.error("[flux] time zones not loaded:", error));
  return knownTimeZone(value);
}

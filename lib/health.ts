import { sql } from "@/lib/db/client";

/** Asks the `app` pool, which widget queries and ingest never hold, so it answers at once under load. */
export async function checkHealth(): Promise<{ status: "ok" | "degraded"; database: "ok" | "unavailable" }> {
  try {
    await sql({ pool: "app" })`SELECT 1`;
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "degraded", database: "unavailable" };
  }
}

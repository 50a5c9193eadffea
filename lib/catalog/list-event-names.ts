import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";

export interface EventNameSummary {
  name: string;
  displayName: string | null;
  unit: string | null;
  count: number;
  lastSeenAt: string;
}

/** Event names with their running totals (kept by ingest), most recent first. */
export async function listEventNames({ ctx }: { ctx: Caller }): Promise<{ events: EventNameSummary[] }> {
  requirePermission(ctx, "read");
  const rows = await sql({ pool: "query" })<EventNameSummary[]>`
    SELECT name, display_name AS "displayName", unit, total::float8 AS count,
           to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt"
    FROM event_names WHERE project_id = ${ctx.projectId}::uuid ORDER BY last_seen_at DESC, name`;
  return { events: [...rows] };
}

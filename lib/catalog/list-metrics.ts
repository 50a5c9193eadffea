import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";

export interface MetricSummary {
  name: string;
  type: "gauge" | "counter" | "distribution" | "set";
  unit: string | null;
  displayName: string | null;
  description: string | null;
  lastSeenAt: string;
  seriesCount: number;
}

/** Every metric of the project with how many series (tag sets) it has. */
export async function listMetrics({ ctx }: { ctx: Caller }): Promise<{ metrics: MetricSummary[] }> {
  requirePermission(ctx, "read");
  const rows = await sql({ pool: "query" })<MetricSummary[]>`
    SELECT m.name, m.type::text AS type, m.unit, m.display_name AS "displayName", m.description,
           to_char(m.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt",
           (SELECT count(*)::int FROM series s WHERE s.metric_id = m.id) AS "seriesCount"
    FROM metrics m WHERE m.project_id = ${ctx.projectId}::uuid ORDER BY m.name`;
  return { metrics: [...rows] };
}

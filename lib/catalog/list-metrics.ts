import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";

export interface MetricSummary {
  name: string;
  type: "gauge" | "counter" | "distribution" | "set";
  unit: string | null;
  displayName: string | null;
  description: string | null;
  /** Whether a rise is good news; null when nobody said. */
  higherIsBetter: boolean | null;
  lastSeenAt: string;
  seriesCount: number;
}

/** The select list of a MetricSummary over `metrics m`. */
export const METRIC_SUMMARY_COLUMNS = `m.name, m.type::text AS type, m.unit, m.display_name AS "displayName", m.description,
  m.higher_is_better AS "higherIsBetter",
  to_char(m.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt",
  (SELECT count(*)::int FROM series s WHERE s.metric_id = m.id) AS "seriesCount"`;

/** Every metric of the project with how many series (tag sets) it has. */
export async function listMetrics({ ctx }: { ctx: Caller }): Promise<{ metrics: MetricSummary[] }> {
  requirePermission(ctx, "read");
  const rows = await sql({ pool: "query" }).unsafe<MetricSummary[]>(
    `SELECT ${METRIC_SUMMARY_COLUMNS} FROM metrics m WHERE m.project_id = $1::uuid ORDER BY m.name`,
    [ctx.projectId],
  );
  return { metrics: [...rows] };
}

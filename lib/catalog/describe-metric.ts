import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { checkCatalogName } from "./catalog-name";
import type { MetricSummary } from "./list-metrics";

export interface MetricDescription extends MetricSummary {
  tags: { key: string; values: { value: string; count: number }[] }[];
}

/** Values per tag key, most common first, capped so a high-cardinality tag stays cheap. */
const VALUES_PER_KEY = 100;

/** One metric with its tag keys and their values (count = series carrying the value). */
export async function describeMetric({ ctx, name }: { ctx: Caller; name: string }): Promise<MetricDescription> {
  requirePermission(ctx, "read");
  checkCatalogName(name, "Metric");
  const [metric] = await sql({ pool: "query" })<(MetricSummary & { id: number })[]>`
    SELECT m.id, m.name, m.type::text AS type, m.unit, m.display_name AS "displayName", m.description,
           to_char(m.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastSeenAt",
           (SELECT count(*)::int FROM series s WHERE s.metric_id = m.id) AS "seriesCount"
    FROM metrics m WHERE m.project_id = ${ctx.projectId}::uuid AND m.name = ${name}::text`;
  if (!metric) throw notFound(`Metric '${name}' not found`);
  const rows = await sql({ pool: "query" })<{ key: string; value: string; count: number }[]>`
    SELECT key, value, count FROM (
      SELECT t.key, t.value, count(*)::int AS count,
             row_number() OVER (PARTITION BY t.key ORDER BY count(*) DESC, t.value) AS rank
      FROM series s, jsonb_each_text(s.tags) t
      WHERE s.metric_id = ${metric.id}::int AND s.project_id = ${ctx.projectId}::uuid
      GROUP BY t.key, t.value
    ) ranked WHERE rank <= ${VALUES_PER_KEY}::int ORDER BY key, count DESC, value`;
  const tags = new Map<string, { value: string; count: number }[]>();
  for (const r of rows) tags.set(r.key, [...(tags.get(r.key) ?? []), { value: r.value, count: r.count }]);
  const { id: _id, ...summary } = metric;
  return { ...summary, tags: [...tags].map(([key, values]) => ({ key, values })) };
}

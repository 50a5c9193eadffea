import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { checkCatalogName } from "./catalog-name";
import { METRIC_SUMMARY_COLUMNS, type MetricSummary } from "./list-metrics";

export interface MetricTag {
  key: string;
  /** How many different values the key has across the metric's series (all of them, not only those listed). */
  distinctCount: number;
  /** The most common values first (count = series carrying it), at most VALUES_PER_KEY. */
  values: { value: string; count: number }[];
}

export interface MetricDescription extends MetricSummary {
  tags: MetricTag[];
}

/** Values per tag key, most common first, capped so a high-cardinality tag stays cheap. */
export const VALUES_PER_KEY = 100;

/** One metric with its tag keys, how many values each has, and the commonest of them. */
export async function describeMetric({ ctx, name }: { ctx: Caller; name: string }): Promise<MetricDescription> {
  requirePermission(ctx, "read");
  checkCatalogName(name, "Metric");
  const [metric] = await sql({ pool: "query" }).unsafe<(MetricSummary & { id: number })[]>(
    `SELECT m.id, ${METRIC_SUMMARY_COLUMNS} FROM metrics m WHERE m.project_id = $1::uuid AND m.name = $2::text`,
    [ctx.projectId, name],
  );
  if (!metric) throw notFound(`Metric '${name}' not found`);
  // One pass over the series: each (key, value) group is one distinct value, so the number
  // of groups per key is the key's exact cardinality, counted before the list is capped.
  const rows = await sql({ pool: "query" })<{ key: string; value: string; count: number; distinct: number }[]>`
    SELECT key, value, count, "distinct" FROM (
      SELECT t.key, t.value, count(*)::int AS count,
             (count(*) OVER (PARTITION BY t.key))::int AS "distinct",
             row_number() OVER (PARTITION BY t.key ORDER BY count(*) DESC, t.value) AS rank
      FROM series s, jsonb_each_text(s.tags) t
      WHERE s.metric_id = ${metric.id}::int AND s.project_id = ${ctx.projectId}::uuid
      GROUP BY t.key, t.value
    ) ranked WHERE rank <= ${VALUES_PER_KEY}::int ORDER BY key, count DESC, value`;
  const tags = new Map<string, MetricTag>();
  for (const r of rows) {
    const tag = tags.get(r.key) ?? { key: r.key, distinctCount: r.distinct, values: [] };
    tag.values.push({ value: r.value, count: r.count });
    tags.set(r.key, tag);
  }
  const { id: _id, ...summary } = metric;
  return { ...summary, tags: [...tags.values()] };
}

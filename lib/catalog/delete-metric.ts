import { requirePermission, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { announceCatalogDeletion } from "@/lib/ingest/catalog-deletions";
import { clearSeriesCache } from "@/lib/ingest/resolve-series";
import { checkCatalogName } from "./catalog-name";
import { inCatalogDeletion, lockRollups, relationsOwnedBy } from "./catalog-deletion";

export interface DeletedMetric {
  name: string;
  /** Series (tag sets) the metric had. */
  deletedSeries: number;
  /** Raw points removed, compressed ones included (rollups are removed too, not counted). */
  deletedPoints: number;
}

/**
 * Deletes a metric with every series, raw or compressed point and rollup row of it, on either
 * storage path. Points sent under the name afterwards start a new metric (new series ids).
 */
export async function deleteMetric({ ctx, name }: { ctx: Caller; name: string }): Promise<DeletedMetric> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Metric");
  const deleted = await inCatalogDeletion(async (step) => {
    const { tx } = step;
    const [metric] = await tx<{ id: number }[]>`
      SELECT id FROM metrics WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text FOR UPDATE`;
    if (!metric) throw notFound(`Metric '${name}' not found`);
    await lockRollups(step);
    // No series can be added meanwhile: its foreign-key check waits for the metric row.
    const series = await tx<{ id: number }[]>`SELECT id FROM series WHERE metric_id = ${metric.id}::int ORDER BY id`;
    const ids = series.map((s) => s.id);
    let points = 0;
    if (ids.length > 0) {
      for (const relation of relationsOwnedBy(step, "series_id")) {
        // A packed row holds a day of one series: its point count is the length of its times.
        const count = relation.name.endsWith("_packed") ? "coalesce(sum(cardinality(t0)), 0)" : "count(*)";
        const [row] = await tx.unsafe<{ n: number }[]>(
          `WITH gone AS (DELETE FROM ${relation.rowsIn} WHERE series_id = ANY($1::int[]) RETURNING ${relation.name.endsWith("_packed") ? "t0" : "1 AS one"})
           SELECT ${count}::float8 AS n FROM gone`,
          [ids],
        );
        if (relation.tier === "raw") points += row.n;
      }
    }
    await tx`DELETE FROM metrics WHERE id = ${metric.id}::int`;
    await announceCatalogDeletion(tx, ctx.projectId);
    return { name, deletedSeries: ids.length, deletedPoints: points };
  });
  // Ingest caches metric and series ids per process; the deleted ones must not be reused.
  clearSeriesCache();
  return deleted;
}

import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { describeMetric, type MetricDescription } from "./describe-metric";
import { parseInput } from "@/lib/validation";
import { checkCatalogName } from "./catalog-name";
import { CatalogMetadataInput, metadataAssignments } from "./catalog-metadata";

/** The same fields as an event name's (CatalogMetadataInput); the OpenAPI document names it so. */
export const MetricMetadataInput = CatalogMetadataInput;
export type MetricMetadataInput = CatalogMetadataInput;

/** Edits what people see about a metric; an empty string or null clears a field. */
export async function updateMetricMetadata({ ctx, name, input }: { ctx: Caller; name: string; input: unknown }): Promise<MetricDescription> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Metric");
  const v = parseInput(CatalogMetadataInput, input, "Invalid metric metadata");
  const q = sql();
  const updated = await q`UPDATE metrics SET ${metadataAssignments(q, v)}
    WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text RETURNING id`;
  if (updated.length === 0) throw notFound(`Metric '${name}' not found`);
  return describeMetric({ ctx, name });
}

import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { describeMetric, type MetricDescription } from "./describe-metric";
import { parseInput } from "@/lib/validation";
import { StorableString } from "@/lib/validation/text";
import { checkCatalogName } from "./catalog-name";

const text = (max: number) => StorableString().trim().max(max).nullable().optional();

export const MetricMetadataInput = z
  .object({ displayName: text(200), unit: text(50), description: text(2000) })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Send displayName, unit or description" });
export type MetricMetadataInput = z.infer<typeof MetricMetadataInput>;

/** Edits what people see about a metric; an empty string or null clears a field. */
export async function updateMetricMetadata({ ctx, name, input }: { ctx: Caller; name: string; input: unknown }): Promise<MetricDescription> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Metric");
  const v = parseInput(MetricMetadataInput, input, "Invalid metric metadata");
  const value = (s: string | null | undefined) => (s === undefined ? null : s || null);
  const updated = await sql()`
    UPDATE metrics SET
      display_name = CASE WHEN ${v.displayName !== undefined}::boolean THEN ${value(v.displayName)}::text ELSE display_name END,
      unit = CASE WHEN ${v.unit !== undefined}::boolean THEN ${value(v.unit)}::text ELSE unit END,
      description = CASE WHEN ${v.description !== undefined}::boolean THEN ${value(v.description)}::text ELSE description END
    WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text RETURNING id`;
  if (updated.length === 0) throw notFound(`Metric '${name}' not found`);
  return describeMetric({ ctx, name });
}

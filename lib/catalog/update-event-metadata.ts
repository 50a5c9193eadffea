import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { checkCatalogName } from "./catalog-name";
import { CatalogMetadataInput, storedText } from "./catalog-metadata";
import { describeEventName, type EventNameDescription } from "./describe-event-name";

/** Edits what people see about an event name; an empty string or null clears a field. */
export async function updateEventMetadata({ ctx, name, input }: { ctx: Caller; name: string; input: unknown }): Promise<EventNameDescription> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Event");
  const v = parseInput(CatalogMetadataInput, input, "Invalid event metadata");
  const updated = await sql()`
    UPDATE event_names SET
      display_name = CASE WHEN ${v.displayName !== undefined}::boolean THEN ${storedText(v.displayName)}::text ELSE display_name END,
      unit = CASE WHEN ${v.unit !== undefined}::boolean THEN ${storedText(v.unit)}::text ELSE unit END,
      description = CASE WHEN ${v.description !== undefined}::boolean THEN ${storedText(v.description)}::text ELSE description END,
      higher_is_better = CASE WHEN ${v.higherIsBetter !== undefined}::boolean THEN ${v.higherIsBetter ?? null}::boolean ELSE higher_is_better END
    WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text RETURNING 1`;
  if (updated.length === 0) throw notFound(`Event '${name}' not found`);
  return describeEventName({ ctx, name });
}

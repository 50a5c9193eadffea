import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { checkCatalogName } from "./catalog-name";
import { CatalogMetadataInput, metadataAssignments } from "./catalog-metadata";
import { describeEventName, type EventNameDescription } from "./describe-event-name";

/** Edits what people see about an event name; an empty string or null clears a field. */
export async function updateEventMetadata({ ctx, name, input }: { ctx: Caller; name: string; input: unknown }): Promise<EventNameDescription> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Event");
  const v = parseInput(CatalogMetadataInput, input, "Invalid event metadata");
  const q = sql();
  const updated = await q`UPDATE event_names SET ${metadataAssignments(q, v)}
    WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text RETURNING 1`;
  if (updated.length === 0) throw notFound(`Event '${name}' not found`);
  return describeEventName({ ctx, name });
}

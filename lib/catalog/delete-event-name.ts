import { requirePermission, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { checkCatalogName } from "./catalog-name";
import { inCatalogDeletion, lockRollups, relationsOwnedBy } from "./catalog-deletion";

export interface DeletedEventName {
  name: string;
  /** Raw events removed, compressed ones included (rollups are removed too, not counted). */
  deletedEvents: number;
}

/**
 * Deletes an event name with every raw, compressed and rollup row of it, on either storage
 * path, and forgets the client ids of its events (so the same events may be sent again).
 * Rollups are keyed by (project, name): events sent under the name afterwards count from zero.
 */
export async function deleteEventName({ ctx, name }: { ctx: Caller; name: string }): Promise<DeletedEventName> {
  requirePermission(ctx, "write");
  checkCatalogName(name, "Event");
  return inCatalogDeletion(async (step) => {
    const { tx } = step;
    // Ingest upserts this row in the same transaction as the events: whoever locks it first wins.
    const entry = await tx`SELECT 1 FROM event_names WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text FOR UPDATE`;
    await lockRollups(step);
    let events = 0;
    let rollupRows = 0;
    for (const relation of relationsOwnedBy(step, "project_id")) {
      const [row] = await tx.unsafe<{ n: number }[]>(deleteStatement(relation.name, relation.rowsIn), [ctx.projectId, name]);
      if (relation.tier === "raw") events += row.n;
      else rollupRows += row.n;
    }
    await tx`DELETE FROM event_names WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text`;
    // Nothing anywhere under the name: roll back (nothing was deleted) and say so.
    if (entry.length === 0 && events === 0 && rollupRows === 0) throw notFound(`Event '${name}' not found`);
    return { name, deletedEvents: events };
  });
}

/** DELETE of one relation's rows of ($1 project, $2 name), answering how many events (raw) or rows (rollups) went. */
function deleteStatement(relation: string, rowsIn: string): string {
  const where = "project_id = $1::uuid AND name = $2::text";
  // The dedupe record of a deleted event's client id goes with it, or a resend would be skipped.
  if (relation === "events") {
    return `WITH gone AS (DELETE FROM ${rowsIn} WHERE ${where} RETURNING event_id),
      forgotten AS (DELETE FROM event_ids i WHERE i.project_id = $1::uuid AND i.event_id IN (SELECT event_id FROM gone WHERE event_id IS NOT NULL))
      SELECT count(*)::float8 AS n FROM gone`;
  }
  if (relation === "events_packed") {
    return `WITH gone AS (DELETE FROM ${rowsIn} WHERE ${where} RETURNING event_id),
      forgotten AS (DELETE FROM event_ids i WHERE i.project_id = $1::uuid AND i.event_id IN (SELECT unnest(event_id) FROM gone))
      SELECT coalesce(sum(cardinality(event_id)), 0)::float8 AS n FROM gone`;
  }
  return `WITH gone AS (DELETE FROM ${rowsIn} WHERE ${where} RETURNING 1) SELECT count(*)::float8 AS n FROM gone`;
}

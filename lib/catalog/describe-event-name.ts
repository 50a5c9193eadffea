import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { checkCatalogName } from "./catalog-name";

export interface EventProperty {
  key: string;
  type: string;
  samples: unknown[];
}

/** Recent events read to describe properties; enough to see every key in practice, cheap always. */
const SAMPLE_EVENTS = 1000;
const SAMPLES_PER_KEY = 5;

/** An event name's property keys with their JSON type and a few distinct recent values. */
export async function describeEventName({ ctx, name }: { ctx: Caller; name: string }): Promise<{ name: string; properties: EventProperty[] }> {
  requirePermission(ctx, "read");
  checkCatalogName(name, "Event");
  const known = await sql({ pool: "query" })`SELECT 1 FROM event_names WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text`;
  const rows = await sql({ pool: "query" })<{ key: string; type: string; samples: unknown[] }[]>`
    WITH recent AS (
      SELECT properties FROM events WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text
      ORDER BY time DESC LIMIT ${SAMPLE_EVENTS}::int
    ), pairs AS (
      SELECT p.key, p.value FROM recent, jsonb_each(recent.properties) p
    ), typed AS (
      SELECT key, mode() WITHIN GROUP (ORDER BY jsonb_typeof(value)) AS type FROM pairs GROUP BY key
    )
    SELECT t.key, t.type,
           (SELECT coalesce(jsonb_agg(v), '[]'::jsonb) FROM (
              SELECT DISTINCT value AS v FROM pairs WHERE pairs.key = t.key AND jsonb_typeof(value) NOT IN ('object', 'array')
              LIMIT ${SAMPLES_PER_KEY}::int) s) AS samples
    FROM typed t ORDER BY t.key`;
  if (known.length === 0 && rows.length === 0) throw notFound(`Event '${name}' not found`);
  return { name, properties: rows.map((r) => ({ key: r.key, type: r.type, samples: r.samples })) };
}

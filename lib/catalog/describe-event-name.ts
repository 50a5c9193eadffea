import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { rawRelation } from "@/lib/storage/raw-relation";
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
  // The latest week the catalog saw this event in first (raw rows there are recent, packed
  // ones few), all of its history only when that week holds none (events sent with old times).
  const known = await sql({ pool: "query" })<{ since: string }[]>`
    SELECT (last_seen_at - interval '7 days')::text AS since FROM event_names WHERE project_id = ${ctx.projectId}::uuid AND name = ${name}::text`;
  const since = known[0]?.since ?? null;
  let rows = since ? await describeSince(ctx.projectId, name, since) : [];
  if (!rows.some((r) => r.sampled > 0)) rows = await describeSince(ctx.projectId, name, null);
  const properties = rows.filter((r) => r.key !== null).map((r) => ({ key: r.key!, type: r.type!, samples: r.samples! }));
  if (known.length === 0 && properties.length === 0) throw notFound(`Event '${name}' not found`);
  return { name, properties };
}

/**
 * Property keys, types and samples of the event's most recent SAMPLE_EVENTS rows from `since`
 * on (null: all), and how many rows were sampled (a row with a null key when none has a key).
 */
function describeSince(projectId: string, name: string, since: string | null) {
  const events = rawRelation({ table: "events", from: "$3::timestamptz", to: "'infinity'::timestamptz" });
  return sql({ pool: "query" }).unsafe<{ sampled: number; key: string | null; type: string | null; samples: unknown[] | null }[]>(
    `WITH recent AS (
      SELECT e.properties FROM ${events} e WHERE e.project_id = $1::uuid AND e.name = $2::text
      ORDER BY e.time DESC LIMIT $4::int
    ), pairs AS (
      SELECT p.key, p.value FROM recent, jsonb_each(recent.properties) p
    ), typed AS (
      SELECT key, mode() WITHIN GROUP (ORDER BY jsonb_typeof(value)) AS type FROM pairs GROUP BY key
    )
    SELECT (SELECT count(*)::int FROM recent) AS sampled, t.key, t.type,
           (SELECT coalesce(jsonb_agg(v), '[]'::jsonb) FROM (
              SELECT DISTINCT value AS v FROM pairs WHERE pairs.key = t.key AND jsonb_typeof(value) NOT IN ('object', 'array')
              LIMIT $5::int) s) AS samples
    FROM (SELECT 1) one LEFT JOIN typed t ON true ORDER BY t.key`,
    [projectId, name, since ?? "-infinity", SAMPLE_EVENTS, SAMPLES_PER_KEY],
  );
}

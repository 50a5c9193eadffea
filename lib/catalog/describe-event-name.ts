import { requirePermission, type Caller } from "@/lib/auth/caller";
import { sql } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { rawRelation } from "@/lib/storage/raw-relation";
import { checkCatalogName } from "./catalog-name";

export interface EventProperty {
  key: string;
  /** The JSON type most sampled events give the key. */
  type: string;
  samples: unknown[];
  /** Different values of the key among the sampled events (not all events ever). */
  distinctCount: number;
}

export interface EventNameDescription {
  name: string;
  displayName: string | null;
  description: string | null;
  unit: string | null;
  higherIsBetter: boolean | null;
  /** Events ever counted under the name (ingest's running total; 0 when the catalog has no row). */
  total: number;
  /** When the catalog first and last saw the name (ISO); null when it has no row. */
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  /** How many of the most recent events the properties were read from (at most SAMPLE_EVENTS). */
  sampledEvents: number;
  properties: EventProperty[];
}

/** Recent events read to describe properties; enough to see every key in practice, cheap always. */
export const SAMPLE_EVENTS = 1000;
const SAMPLES_PER_KEY = 5;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** An event name's catalog entry, and its property keys with their JSON type, a few recent values and their cardinality. */
export async function describeEventName({ ctx, name }: { ctx: Caller; name: string }): Promise<EventNameDescription> {
  requirePermission(ctx, "read");
  checkCatalogName(name, "Event");
  const known = await sql({ pool: "query" }).unsafe<(Omit<EventNameDescription, "name" | "properties" | "sampledEvents"> & { since: string })[]>(
    `SELECT display_name AS "displayName", description, unit, higher_is_better AS "higherIsBetter", total::float8 AS total,
       to_char(first_seen_at AT TIME ZONE 'UTC', ${ISO}) AS "firstSeenAt", to_char(last_seen_at AT TIME ZONE 'UTC', ${ISO}) AS "lastSeenAt",
       (last_seen_at - interval '7 days')::text AS since
     FROM event_names WHERE project_id = $1::uuid AND name = $2::text`,
    [ctx.projectId, name],
  );
  const entry = known[0];
  // The latest week the catalog saw this event in first (raw rows there are recent, packed
  // ones few), all of its history only when that week holds none (events sent with old times).
  let rows = entry ? await describeSince(ctx.projectId, name, entry.since) : [];
  if (!rows.some((r) => r.sampled > 0)) rows = await describeSince(ctx.projectId, name, null);
  const properties = rows.filter((r) => r.key !== null).map((r) => ({ key: r.key!, type: r.type!, samples: r.samples!, distinctCount: r.distinct! }));
  if (!entry && properties.length === 0) throw notFound(`Event '${name}' not found`);
  const { since: _since, ...catalog } = entry ?? { since: "", displayName: null, description: null, unit: null, higherIsBetter: null, total: 0, firstSeenAt: null, lastSeenAt: null };
  return { name, ...catalog, sampledEvents: rows[0]?.sampled ?? 0, properties };
}

/**
 * Property keys, types, samples and distinct values of the event's most recent SAMPLE_EVENTS
 * rows from `since` on (null: all), and how many rows were sampled (a row with a null key
 * when none has a key).
 */
function describeSince(projectId: string, name: string, since: string | null) {
  const events = rawRelation({ table: "events", from: "$3::timestamptz", to: "'infinity'::timestamptz" });
  return sql({ pool: "query" }).unsafe<{ sampled: number; key: string | null; type: string | null; samples: unknown[] | null; distinct: number | null }[]>(
    `WITH recent AS (
      SELECT e.properties FROM ${events} e WHERE e.project_id = $1::uuid AND e.name = $2::text
      ORDER BY e.time DESC LIMIT $4::int
    ), pairs AS (
      SELECT p.key, p.value FROM recent, jsonb_each(recent.properties) p
    ), typed AS (
      SELECT key, mode() WITHIN GROUP (ORDER BY jsonb_typeof(value)) AS type, count(DISTINCT value)::int AS "distinct" FROM pairs GROUP BY key
    )
    SELECT (SELECT count(*)::int FROM recent) AS sampled, t.key, t.type, t."distinct",
           (SELECT coalesce(jsonb_agg(v), '[]'::jsonb) FROM (
              SELECT DISTINCT value AS v FROM pairs WHERE pairs.key = t.key AND jsonb_typeof(value) NOT IN ('object', 'array')
              LIMIT $5::int) s) AS samples
    FROM (SELECT 1) one LEFT JOIN typed t ON true ORDER BY t.key`,
    [projectId, name, since ?? "-infinity", SAMPLE_EVENTS, SAMPLES_PER_KEY],
  );
}

import { sql } from "@/lib/db/client";
import type { MetricType } from "@/lib/query/model";

// Writes query test data straight into the catalog and raw tables, so query tests do not
// depend on the ingest path.

export type Tags = Record<string, string>;
export type Instant = string | number | Date;

const toDate = (t: Instant) => new Date(t);

async function ensurePartitions(table: "points" | "set_points" | "events", times: Date[]) {
  if (times.length === 0) return;
  const ms = times.map((t) => t.getTime());
  await sql()`SELECT flux_ensure_partitions(${table}::text, ${new Date(Math.min(...ms)).toISOString()}::timestamptz, ${new Date(Math.max(...ms)).toISOString()}::timestamptz)`;
}

export async function createMetric(options: { projectId: string; name: string; type: MetricType; unit?: string }): Promise<number> {
  const [row] = await sql()`
    INSERT INTO metrics (project_id, name, type, unit) VALUES (${options.projectId}, ${options.name}, ${options.type}, ${options.unit ?? null})
    ON CONFLICT (project_id, name) DO UPDATE SET last_seen_at = now() RETURNING id`;
  return row.id as number;
}

async function seriesId(projectId: string, metricId: number, tags: Tags): Promise<number> {
  const hash = JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
  const [row] = await sql()`
    INSERT INTO series (project_id, metric_id, tags, tag_hash) VALUES (${projectId}, ${metricId}, ${JSON.stringify(tags)}::jsonb, ${hash})
    ON CONFLICT (metric_id, tag_hash) DO UPDATE SET last_seen_at = now() RETURNING id`;
  return row.id as number;
}

export interface PointInput {
  time: Instant;
  value: number;
  tags?: Tags;
}

/** Numeric points of a gauge, counter or distribution (the metric is created on first use). */
export async function insertPoints(options: { projectId: string; name: string; type: Exclude<MetricType, "set">; unit?: string; points: PointInput[] }) {
  const metricId = await createMetric(options);
  const ids = new Map<string, number>();
  const rows: { series_id: number; time: Date; value: number }[] = [];
  for (const p of options.points) {
    const key = JSON.stringify(p.tags ?? {});
    if (!ids.has(key)) ids.set(key, await seriesId(options.projectId, metricId, p.tags ?? {}));
    rows.push({ series_id: ids.get(key)!, time: toDate(p.time), value: p.value });
  }
  await insertRaw("points", "value float8", rows);
}

/** Rows into a raw partitioned table, 5,000 per statement; `valueColumn` is "<name> <type>". */
async function insertRaw(table: "points" | "set_points", valueColumn: string, rows: ({ series_id: number; time: Date } & Record<string, unknown>)[]) {
  await ensurePartitions(table, rows.map((r) => r.time));
  const column = valueColumn.split(" ")[0];
  for (let i = 0; i < rows.length; i += 5000) {
    await sql().unsafe(
      `INSERT INTO ${table} (series_id, time, ${column})
       SELECT series_id, time, ${column} FROM jsonb_to_recordset($1::jsonb) AS x(series_id int, time timestamptz, ${valueColumn})`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

export interface MemberInput {
  time: Instant;
  member: string;
  tags?: Tags;
}

export async function insertSetMembers(options: { projectId: string; name: string; members: MemberInput[] }) {
  const metricId = await createMetric({ ...options, type: "set" });
  const rows: { series_id: number; time: Date; member: string }[] = [];
  for (const m of options.members) rows.push({ series_id: await seriesId(options.projectId, metricId, m.tags ?? {}), time: toDate(m.time), member: m.member });
  await insertRaw("set_points", "member text", rows);
}

export interface EventInput {
  time: Instant;
  name: string;
  userId?: string | null;
  sessionId?: string | null;
  value?: number | null;
  properties?: Record<string, unknown>;
  tags?: Tags;
  environment?: string | null;
  service?: string | null;
}

export async function insertEvents(options: { projectId: string; events: EventInput[] }) {
  const rows = options.events.map((e) => ({
    project_id: options.projectId,
    time: toDate(e.time),
    name: e.name,
    user_id: e.userId ?? null,
    session_id: e.sessionId ?? null,
    value: e.value ?? null,
    properties: e.properties ?? {},
    tags: e.tags ?? {},
    environment: e.environment ?? null,
    service: e.service ?? null,
  }));
  await ensurePartitions("events", rows.map((r) => r.time));
  for (let i = 0; i < rows.length; i += 5000) {
    await sql()`INSERT INTO events (project_id, time, name, user_id, session_id, value, properties, tags, environment, service)
      SELECT project_id, time, name, user_id, session_id, value, properties, tags, environment, service
      FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 5000))}::jsonb)
      AS x(project_id uuid, time timestamptz, name text, user_id text, session_id text, value float8, properties jsonb, tags jsonb, environment text, service text)`;
  }
  const names = [...new Set(options.events.map((e) => e.name))];
  for (const name of names) {
    const count = options.events.filter((e) => e.name === name).length;
    await sql()`
      INSERT INTO event_names (project_id, name, total) VALUES (${options.projectId}, ${name}, ${count})
      ON CONFLICT (project_id, name) DO UPDATE SET total = event_names.total + ${count}, last_seen_at = now()`;
  }
}

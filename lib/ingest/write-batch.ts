import type postgres from "postgres";
import type { ParsedEvent, ParsedPoint } from "./parse-items";

// The statements of one ingest transaction. Each table gets one multi-row INSERT fed by
// arrays; numeric arrays are sent as ready-made array literals, which is far cheaper than
// letting the driver quote 10,000 elements one by one.

const numbers = (xs: ArrayLike<number | null>): string => {
  let out = "{";
  for (let i = 0; i < xs.length; i++) out += (i ? "," : "") + (xs[i] === null ? "NULL" : String(xs[i]));
  return out + "}";
};

/**
 * Inserts points (series ids resolved; id 0 marks a rejected point) into points / set_points.
 * Outside a transaction only when they all go to one table: one statement is atomic alone.
 */
export async function insertPoints(tx: postgres.TransactionSql | postgres.Sql, points: ParsedPoint[], seriesIds: Int32Array): Promise<number> {
  // Array literals built in one pass: this loop runs for every point of every batch.
  let ids = "";
  let times = "";
  let values = "";
  let count = 0;
  const set = { ids: [] as number[], times: [] as number[], members: [] as string[] };
  for (let i = 0; i < points.length; i++) {
    const id = seriesIds[i];
    if (id === 0) continue;
    const p = points[i];
    if (p.member !== null) {
      set.ids.push(id);
      set.times.push(p.time);
      set.members.push(p.member);
    } else {
      const sep = count++ === 0 ? "" : ",";
      ids += sep + id;
      times += sep + p.time;
      values += sep + p.value;
    }
  }
  const writes: Promise<unknown>[] = [];
  if (count > 0) {
    writes.push((tx as postgres.TransactionSql)`
      INSERT INTO points (series_id, time, value)
      SELECT s, to_timestamp(t / 1000), v FROM unnest(${`{${ids}}`}::int4[], ${`{${times}}`}::float8[], ${`{${values}}`}::float8[]) AS x(s, t, v)`);
  }
  if (set.ids.length > 0) {
    writes.push((tx as postgres.TransactionSql)`
      INSERT INTO set_points (series_id, time, member)
      SELECT s, to_timestamp(t / 1000), m FROM unnest(${numbers(set.ids)}::int4[], ${numbers(set.times)}::float8[], ${set.members}::text[]) AS x(s, t, m)`);
  }
  await Promise.all(writes);
  return count + set.ids.length;
}

/**
 * Inserts events, skipping ones whose client `id` was stored before (or repeats within the
 * batch), and keeps event_names (last seen, running total) in step. Returns what was stored.
 */
export async function insertEvents(tx: postgres.TransactionSql, projectId: string, events: ParsedEvent[]): Promise<ParsedEvent[]> {
  let store = events;
  const ids = [...new Set(events.filter((e) => e.id !== null).map((e) => e.id as string))];
  if (ids.length > 0) {
    const fresh = await tx<{ event_id: string }[]>`
      INSERT INTO event_ids (project_id, event_id) SELECT ${projectId}, unnest(${ids.sort()}::text[])
      ON CONFLICT DO NOTHING RETURNING event_id`;
    const unseen = new Set(fresh.map((r) => r.event_id));
    store = events.filter((e) => e.id === null || unseen.delete(e.id));
  }
  if (store.length === 0) return store;
  const totals = new Map<string, number>();
  for (const e of store) totals.set(e.name, (totals.get(e.name) ?? 0) + 1);
  const names = [...totals.keys()].sort();
  await tx`
    INSERT INTO events (project_id, time, name, event_id, user_id, session_id, value, properties, tags, environment, service)
    SELECT ${projectId}, to_timestamp(t / 1000), n, i, u, s, v, p::jsonb, g::jsonb, e, sv
    FROM unnest(
      ${numbers(store.map((e) => e.time))}::float8[], ${store.map((e) => e.name)}::text[], ${store.map((e) => e.id)}::text[],
      ${store.map((e) => e.userId)}::text[], ${store.map((e) => e.sessionId)}::text[], ${numbers(store.map((e) => e.value))}::float8[],
      ${store.map((e) => e.propertiesJson)}::text[], ${store.map((e) => e.tagsJson)}::text[],
      ${store.map((e) => e.environment)}::text[], ${store.map((e) => e.service)}::text[]
    ) AS x(t, n, i, u, s, v, p, g, e, sv)`;
  // Sorted names: concurrent batches lock the same catalog rows in the same order.
  await tx`
    INSERT INTO event_names (project_id, name, total, last_seen_at)
    SELECT ${projectId}, n, c, now() FROM unnest(${names}::text[], ${numbers(names.map((n) => totals.get(n)!))}::int8[]) AS x(n, c)
    ON CONFLICT (project_id, name) DO UPDATE SET total = event_names.total + excluded.total, last_seen_at = excluded.last_seen_at`;
  return store;
}

/**
 * Stores the response under the Idempotency-Key in the same transaction as the data.
 * False when a concurrent request with the same key committed first.
 */
export async function storeResponse(tx: postgres.TransactionSql, projectId: string, key: string, response: unknown): Promise<boolean> {
  const rows = await tx`
    INSERT INTO ingest_requests (project_id, key, response) VALUES (${projectId}, ${key}, ${JSON.stringify(response)}::text::jsonb)
    ON CONFLICT (project_id, key) DO UPDATE SET response = excluded.response, created_at = now()
    WHERE ingest_requests.created_at < now() - interval '1 day'
    RETURNING 1`;
  return rows.length === 1;
}

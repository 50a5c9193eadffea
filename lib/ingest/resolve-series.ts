import { createHash } from "node:crypto";
import type postgres from "postgres";
import { sql } from "@/lib/db/client";
import { BoundedCache } from "./bounded-cache";
import type { MetricType } from "./item-schemas";
import type { ParsedPoint } from "./parse-items";

export interface MetricRef {
  id: number;
  type: MetricType;
}

// Only committed rows are cached: an id seen inside a transaction that later rolls back
// would point at nothing. On globalThis so every route bundle shares one cache.
const holder = globalThis as unknown as { __fluxSeriesCache?: { metrics: BoundedCache<MetricRef>; series: BoundedCache<number> } };
const cache = (holder.__fluxSeriesCache ??= { metrics: new BoundedCache(25_000), series: new BoundedCache(250_000) });

const metricKey = (projectId: string, name: string) => `${projectId}\u0001${name}`;
const seriesKey = (metricId: number, tagKey: string) => `${metricId}\u0001${tagKey}`;
/** Stored in series.tag_hash: the series identity within a metric, kept short for the index. */
export const tagHash = (tagKey: string) => createHash("sha1").update(tagKey).digest("hex");

/** What a batch resolved, plus the rows it created (cached once the batch commits). */
export interface Resolution {
  metrics: Map<string, MetricRef>;
  seriesIds: Int32Array;
  created: { metrics: [string, MetricRef][]; series: [string, number][] };
}

/** Committed catalog rows the points need, read outside the write transaction. */
export async function lookupCommitted(projectId: string, points: ParsedPoint[]): Promise<Map<string, MetricRef>> {
  const metrics = new Map<string, MetricRef>();
  const missing = new Set<string>();
  for (const p of points) {
    if (metrics.has(p.name)) continue;
    const hit = cache.metrics.get(metricKey(projectId, p.name));
    if (hit) metrics.set(p.name, hit);
    else missing.add(p.name);
  }
  if (missing.size > 0) {
    const rows = await sql({ pool: "ingest" })<{ id: number; name: string; type: MetricType }[]>`
      SELECT id, name, type FROM metrics WHERE project_id = ${projectId} AND name = ANY(${[...missing]}::text[])`;
    for (const r of rows) {
      const ref = { id: r.id, type: r.type };
      metrics.set(r.name, ref);
      cache.metrics.set(metricKey(projectId, r.name), ref);
    }
  }
  return metrics;
}

/**
 * Maps every point to its series id. Inside the write transaction (`tx`) it registers new
 * metric names (type from their first point) and creates series as needed; without one it
 * answers only from what is known and cached, or null if something must be created.
 * Points whose type differs from the registered one come back in `conflicts` with id 0.
 */
export async function resolveSeries(tx: postgres.TransactionSql | null, projectId: string, points: ParsedPoint[], known: Map<string, MetricRef>) {
  const metrics = new Map(known);
  const created: Resolution["created"] = { metrics: [], series: [] };
  const fresh = new Map<string, ParsedPoint>();
  for (const p of points) if (!metrics.has(p.name) && !fresh.has(p.name)) fresh.set(p.name, p);
  if (fresh.size > 0) {
    if (!tx) return null;
    const firsts = [...fresh.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const inserted = await tx<{ id: number; name: string; type: MetricType }[]>`
      INSERT INTO metrics (project_id, name, type, unit)
      SELECT ${projectId}, n, t::metric_type, u FROM unnest(${firsts.map((p) => p.name)}::text[], ${firsts.map((p) => p.type)}::text[], ${firsts.map((p) => p.tags.unit ?? null)}::text[]) AS x(n, t, u)
      ON CONFLICT (project_id, name) DO NOTHING
      RETURNING id, name, type`;
    for (const r of inserted) {
      metrics.set(r.name, { id: r.id, type: r.type });
      created.metrics.push([metricKey(projectId, r.name), { id: r.id, type: r.type }]);
    }
    // Registered meanwhile by a concurrent batch: now committed, so visible to a new statement.
    const raced = firsts.filter((p) => !metrics.has(p.name)).map((p) => p.name);
    if (raced.length > 0) {
      const rows = await tx<{ id: number; name: string; type: MetricType }[]>`
        SELECT id, name, type FROM metrics WHERE project_id = ${projectId} AND name = ANY(${raced}::text[])`;
      for (const r of rows) metrics.set(r.name, { id: r.id, type: r.type });
    }
  }

  const seriesIds = new Int32Array(points.length);
  const conflicts: number[] = [];
  const wanted = new Map<string, { metricId: number; tagKey: string; slots: number[] }>();
  points.forEach((p, i) => {
    const ref = metrics.get(p.name)!;
    if (ref.type !== p.type) return conflicts.push(i);
    const key = seriesKey(ref.id, p.tagKey);
    const id = cache.series.get(key);
    if (id !== undefined) seriesIds[i] = id;
    else {
      const w = wanted.get(key);
      if (w) w.slots.push(i);
      else wanted.set(key, { metricId: ref.id, tagKey: p.tagKey, slots: [i] });
    }
  });
  if (wanted.size > 0) {
    if (!tx) return null;
    const found = await findOrCreateSeries(tx, projectId, [...wanted.values()], created);
    const createdKeys = new Set(created.series.map(([k]) => k));
    for (const [key, w] of wanted) {
      const id = found.get(key)!;
      for (const slot of w.slots) seriesIds[slot] = id;
      if (!createdKeys.has(key)) cache.series.set(key, id);
    }
  }
  return { metrics, seriesIds, conflicts, created };
}

/** Series ids keyed like the cache (`metricId \u0001 tagKey`). */
async function findOrCreateSeries(
  tx: postgres.TransactionSql,
  projectId: string,
  wanted: { metricId: number; tagKey: string }[],
  created: Resolution["created"],
): Promise<Map<string, number>> {
  const byHash = new Map<string, { metricId: number; tagKey: string; hash: string }>();
  for (const w of wanted) {
    const hash = tagHash(w.tagKey);
    byHash.set(`${w.metricId}\u0001${hash}`, { ...w, hash });
  }
  const found = new Map<string, number>();
  const select = async (list: { metricId: number; hash: string }[]) => {
    const rows = await tx<SeriesRow[]>`
      SELECT s.id, s.metric_id, s.tag_hash FROM series s
      JOIN unnest(${list.map((w) => w.metricId)}::int4[], ${list.map((w) => w.hash)}::text[]) AS x(metric_id, tag_hash) USING (metric_id, tag_hash)`;
    for (const r of rows) found.set(seriesKey(r.metric_id, byHash.get(`${r.metric_id}\u0001${r.tag_hash}`)!.tagKey), r.id);
  };
  await select([...byHash.values()]);
  const missing = [...byHash.values()].filter((w) => !found.has(seriesKey(w.metricId, w.tagKey)));
  if (missing.length === 0) return found;
  // Sorted so that concurrent batches take the unique-index locks in the same order.
  missing.sort((a, b) => a.metricId - b.metricId || (a.hash < b.hash ? -1 : 1));
  const inserted = await tx<SeriesRow[]>`
    INSERT INTO series (project_id, metric_id, tags, tag_hash)
    SELECT ${projectId}, m, t::jsonb, h FROM unnest(${missing.map((w) => w.metricId)}::int4[], ${missing.map((w) => w.tagKey)}::text[], ${missing.map((w) => w.hash)}::text[]) AS x(m, t, h)
    ON CONFLICT (metric_id, tag_hash) DO NOTHING
    RETURNING id, metric_id, tag_hash`;
  for (const r of inserted) {
    const key = seriesKey(r.metric_id, byHash.get(`${r.metric_id}\u0001${r.tag_hash}`)!.tagKey);
    found.set(key, r.id);
    created.series.push([key, r.id]);
  }
  // Created meanwhile by a concurrent batch: committed now, so a new statement sees them.
  if (inserted.length < missing.length) await select(missing.filter((w) => !found.has(seriesKey(w.metricId, w.tagKey))));
  return found;
}

interface SeriesRow {
  id: number;
  metric_id: number;
  tag_hash: string;
}

/** Called once the batch committed: its new rows are now safe to reuse. */
export function cacheCreated(created: Resolution["created"]): void {
  for (const [k, v] of created.metrics) cache.metrics.set(k, v);
  for (const [k, v] of created.series) cache.series.set(k, v);
}

/** For tests and after a project's catalog is deleted. */
export function clearSeriesCache(): void {
  cache.metrics.clear();
  cache.series.clear();
}

import { and, eq, inArray, lte } from "drizzle-orm";
import { db, sql } from "@/lib/db/client";
import { anomalyWatches } from "@/lib/db/schema";
import { systemCaller } from "@/lib/auth/caller";
import { describeMetric } from "@/lib/catalog/describe-metric";
import type { DetectorSnapshot, SeriesKind } from "./detector";
import { JOB_NAME, queryWindow, type SeriesRef } from "./read-buckets";
import { detectorKind, eventBucket, judgedAggregation, metricBucket, seriesKeyOf, type MetricKind } from "./series-spec";

// Which series are watched: every metric and event name seen in the last day (the whole metric
// plus its top tag sets), each at the bucket size its density fits. Watches of names not seen
// for a week are dropped (their open episode closed).

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A name seen this recently gets a watch. */
export const ACTIVE_MS = DAY;
/** A watch whose name was not seen for this long is dropped. */
export const STALE_MS = 7 * DAY;
/** Tag sets watched per metric beside the metric as a whole. */
export const TOP_TAG_SETS = 3;
/** Watches per project at most (the whole work of a run stays bounded). */
export const MAX_WATCHES_PER_PROJECT = 200;
/** New names taken on per project and run (each costs a few queries to size). */
export const NEW_NAMES_PER_RUN = 10;

export interface WatchState {
  v: 1;
  aggregation: string;
  metricType: MetricKind | null;
  kind: SeriesKind;
  bucketSeconds: number;
  tags: Record<string, string>;
  /** Start of the last bucket fed to the detector (epoch ms); null before the first run. */
  lastBucket: number | null;
  /** Start of the first bucket fed (how much history the detector has). */
  firstBucket: number | null;
  detector: DetectorSnapshot | null;
  /** Share of recent buckets with data (levels), for silence of a metric that stops reporting. */
  filled: number;
  nullRun: number;
  filledBefore?: number;
  lastExpected?: number;
  /** Events the current run of empty buckets should have held. */
  silentExpected?: number;
  /** Start of the current run of empty buckets. */
  silentSince?: number;
  /** Buckets from here on become episodes; earlier history (a new series' past) is only learned. */
  recordFrom?: number;
}

export interface Watch {
  projectId: string;
  source: "metric" | "event";
  name: string;
  seriesKey: string;
  state: WatchState;
}

export const seriesRefOf = (w: Pick<Watch, "projectId" | "source" | "name" | "state">): SeriesRef => ({
  projectId: w.projectId,
  source: w.source,
  name: w.name,
  aggregation: w.state.aggregation,
  tags: w.state.tags,
});

/** Projects with anything seen within the stale window, or with watches. */
export async function activeProjects(now: number): Promise<string[]> {
  const since = new Date(now - STALE_MS).toISOString();
  const rows = await sql()<{ id: string }[]>`
    SELECT project_id::text AS id FROM metrics WHERE last_seen_at >= ${since}::timestamptz
    UNION SELECT project_id::text FROM event_names WHERE last_seen_at >= ${since}::timestamptz
    UNION SELECT DISTINCT project_id::text FROM anomaly_watches`;
  return rows.map((r) => r.id);
}

function initialState(aggregation: string, metricType: MetricKind | null, kind: SeriesKind, bucketSeconds: number, tags: Record<string, string>): WatchState {
  return { v: 1, aggregation, metricType, kind, bucketSeconds, tags, lastBucket: null, firstBucket: null, detector: null, filled: 1, nullRun: 0 };
}

const filledShare = (points: [number, number | null][], zeroIsEmpty: boolean) =>
  points.length === 0 ? 0 : points.filter(([, v]) => v !== null && !(zeroIsEmpty && v === 0)).length / points.length;

/** Sizes a new series from its last day: bucket size and detector kind. */
async function sizeSeries(series: SeriesRef, metricType: MetricKind | null, now: number): Promise<{ bucketSeconds: number; kind: SeriesKind }> {
  const end = Math.floor(now / 60_000) * 60_000;
  if (series.source === "event") {
    const day = await queryWindow({ series, from: end - DAY, to: end, bucketSeconds: 3600, now });
    const perDay = (day.series[0]?.points ?? []).reduce((s, [, v]) => s + (v ?? 0), 0);
    const { bucketSeconds, meanPerBucket } = eventBucket(perDay);
    return { bucketSeconds, kind: detectorKind("event", null, meanPerBucket) };
  }
  const zeroIsEmpty = metricType === "counter";
  const recent = await queryWindow({ series, from: end - 2 * HOUR, to: end, bucketSeconds: 60, now });
  const day = await queryWindow({ series, from: end - DAY, to: end, bucketSeconds: 300, now });
  const bucketSeconds = metricBucket(filledShare(recent.series[0]?.points ?? [], zeroIsEmpty), filledShare(day.series[0]?.points ?? [], zeroIsEmpty));
  return { bucketSeconds, kind: detectorKind("metric", metricType, null) };
}

/** The metric's biggest tag sets over the last day (when it has one to three tag keys). */
async function topTagSets(series: SeriesRef, now: number): Promise<Record<string, string>[]> {
  const described = await describeMetric({ ctx: systemCaller(series.projectId, JOB_NAME), name: series.name });
  const keys = described.tags.map((t) => t.key);
  if (keys.length === 0 || keys.length > 3 || described.seriesCount < 2) return [];
  const end = Math.floor(now / 3600_000) * 3600_000 + 3600_000;
  const result = await queryWindow({ series, from: end - DAY, to: end, bucketSeconds: 3600, now, groupBy: keys, limit: TOP_TAG_SETS });
  return result.series
    .filter((s) => s.key !== "other" && Object.keys(s.tags).length === keys.length && !Object.values(s.tags).includes("(none)"))
    .slice(0, TOP_TAG_SETS)
    .map((s) => s.tags);
}

/**
 * Adds watches for names seen in the last day that have none, drops watches of names gone
 * quiet for a week (closing their episodes). Returns how many were added and removed.
 */
export async function syncWatches(projectId: string, now: number): Promise<{ added: number; removed: number }> {
  const active = new Date(now - ACTIVE_MS).toISOString();
  const stale = new Date(now - STALE_MS).toISOString();
  const removed = await sql()<{ n: number }[]>`
    WITH gone AS (
      DELETE FROM anomaly_watches w
      WHERE w.project_id = ${projectId}::uuid AND NOT EXISTS (
        SELECT 1 FROM metrics m WHERE w.source = 'metric' AND m.project_id = w.project_id AND m.name = w.name AND m.last_seen_at >= ${stale}::timestamptz
        UNION ALL SELECT 1 FROM event_names e WHERE w.source = 'event' AND e.project_id = w.project_id AND e.name = w.name AND e.last_seen_at >= ${stale}::timestamptz)
      RETURNING w.source, w.name, w.series_key, w.cadence_seconds)
    , closed AS (
      UPDATE anomalies a SET ended_at = a.last_anomalous_at + make_interval(secs => a.bucket_seconds), updated_at = now()
      FROM gone g WHERE a.project_id = ${projectId}::uuid AND a.ended_at IS NULL AND a.source = g.source AND a.name = g.name AND a.series_key = g.series_key
      RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int AS n`;
  const candidates = await sql()<{ source: "metric" | "event"; name: string; type: MetricKind | null }[]>`
    SELECT 'metric' AS source, m.name, m.type::text AS type FROM metrics m
      WHERE m.project_id = ${projectId}::uuid AND m.last_seen_at >= ${active}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM anomaly_watches w WHERE w.project_id = m.project_id AND w.source = 'metric' AND w.name = m.name AND w.series_key = '')
    UNION ALL
    SELECT 'event', e.name, NULL FROM event_names e
      WHERE e.project_id = ${projectId}::uuid AND e.last_seen_at >= ${active}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM anomaly_watches w WHERE w.project_id = e.project_id AND w.source = 'event' AND w.name = e.name AND w.series_key = '')
    ORDER BY 2 LIMIT ${NEW_NAMES_PER_RUN}`;
  const [{ count }] = await sql()<{ count: number }[]>`SELECT count(*)::int AS count FROM anomaly_watches WHERE project_id = ${projectId}::uuid`;
  let room = MAX_WATCHES_PER_PROJECT - count;
  let added = 0;
  for (const c of candidates) {
    if (room <= 0) break;
    const aggregation = judgedAggregation(c.source, c.type);
    const whole: SeriesRef = { projectId, source: c.source, name: c.name, aggregation, tags: {} };
    const { bucketSeconds, kind } = await sizeSeries(whole, c.type, now);
    const tagSets = c.source === "metric" ? await topTagSets(whole, now) : [];
    const rows = [{}, ...tagSets.slice(0, Math.max(0, room - 1))].map((tags) => ({
      projectId,
      source: c.source,
      name: c.name,
      seriesKey: seriesKeyOf(tags),
      cadenceSeconds: bucketSeconds,
      nextCheckAt: new Date(now),
      state: initialState(aggregation, c.type, kind, bucketSeconds, tags),
    }));
    await db().insert(anomalyWatches).values(rows).onConflictDoNothing();
    room -= rows.length;
    added += rows.length;
  }
  return { added, removed: removed[0]?.n ?? 0 };
}

/** Watches of these projects whose next check is due, the most overdue first. */
export async function dueWatches(projectIds: string[], now: number, limit: number): Promise<Watch[]> {
  if (projectIds.length === 0) return [];
  const rows = await db()
    .select()
    .from(anomalyWatches)
    .where(and(inArray(anomalyWatches.projectId, projectIds), lte(anomalyWatches.nextCheckAt, new Date(now))))
    .orderBy(anomalyWatches.nextCheckAt)
    .limit(limit);
  return rows
    .filter((r) => (r.state as WatchState | null)?.v === 1)
    .map((r) => ({ projectId: r.projectId, source: r.source as Watch["source"], name: r.name, seriesKey: r.seriesKey, state: r.state as WatchState }));
}

export async function saveWatch(w: Watch, next: { nextCheckAt: number; lastCheckedAt: number; lastScore: number | null }): Promise<void> {
  await db()
    .update(anomalyWatches)
    .set({ state: w.state, nextCheckAt: new Date(next.nextCheckAt), lastCheckedAt: new Date(next.lastCheckedAt), lastScore: next.lastScore, cadenceSeconds: w.state.bucketSeconds })
    .where(and(eq(anomalyWatches.projectId, w.projectId), eq(anomalyWatches.source, w.source), eq(anomalyWatches.name, w.name), eq(anomalyWatches.seriesKey, w.seriesKey)));
}

import { sql } from "@/lib/db/client";

const TOUCH_EVERY_MS = 60_000;

// When each metric / series last had its last_seen_at written by this process. Writing it
// on every batch would make concurrent batches queue on the same catalog row locks, so it
// is refreshed at most once a minute, outside the ingest transaction.
const holder = globalThis as unknown as { __fluxTouched?: { metrics: Map<number, number>; series: Map<number, number> } };
const touched = (holder.__fluxTouched ??= { metrics: new Map(), series: new Map() });
const MAX_TRACKED = 500_000;

function due(seen: Map<number, number>, ids: Iterable<number>, now: number): number[] {
  const out: number[] = [];
  if (seen.size > MAX_TRACKED) seen.clear();
  for (const id of ids) {
    if (id === 0) continue;
    const last = seen.get(id);
    if (last === undefined || now - last >= TOUCH_EVERY_MS) {
      seen.set(id, now);
      out.push(id);
    }
  }
  return out;
}

/**
 * Refreshes last_seen_at of what a committed batch wrote to; never awaited, never fails ingest.
 * (Expired idempotency keys and event ids are purged by scheduled jobs, lib/scheduler/purge-jobs.ts.)
 */
export function touchCatalog(options: { metricIds: Iterable<number>; seriesIds: Iterable<number> }): void {
  const now = Date.now();
  const metricIds = due(touched.metrics, options.metricIds, now);
  const seriesIds = due(touched.series, options.seriesIds, now);
  const log = (error: unknown) => console.error("[flux] refreshing last_seen_at failed:", (error as Error)?.message);
  if (metricIds.length > 0) sql({ pool: "ingest" })`UPDATE metrics SET last_seen_at = now() WHERE id = ANY(${metricIds}::int4[])`.catch(log);
  if (seriesIds.length > 0) sql({ pool: "ingest" })`UPDATE series SET last_seen_at = now() WHERE id = ANY(${seriesIds}::int4[])`.catch(log);
}

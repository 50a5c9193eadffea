import { sql } from "@/lib/db/client";
import { BoundedCache } from "./bounded-cache";

const TOUCH_EVERY_MS = 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

// When each metric / series last had its last_seen_at written by this process. Writing it
// on every batch would make concurrent batches queue on the same catalog row locks, so it
// is refreshed at most once a minute, outside the ingest transaction.
const holder = globalThis as unknown as { __fluxTouched?: { metrics: BoundedCache<number>; series: BoundedCache<number>; purgedAt: number } };
const touched = (holder.__fluxTouched ??= { metrics: new BoundedCache(25_000), series: new BoundedCache(250_000), purgedAt: 0 });

function due(cache: BoundedCache<number>, ids: Iterable<number>, now: number): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const key = String(id);
    const last = cache.get(key);
    if (last === undefined || now - last >= TOUCH_EVERY_MS) {
      cache.set(key, now);
      out.push(id);
    }
  }
  return out;
}

/** Refreshes last_seen_at of what a committed batch wrote to; never awaited, never fails ingest. */
export function touchCatalog(options: { metricIds: Iterable<number>; seriesIds: Iterable<number> }): void {
  const now = Date.now();
  const metricIds = due(touched.metrics, options.metricIds, now);
  const seriesIds = due(touched.series, options.seriesIds, now);
  const log = (error: unknown) => console.error("[flux] refreshing last_seen_at failed:", (error as Error)?.message);
  if (metricIds.length > 0) sql()`UPDATE metrics SET last_seen_at = now() WHERE id = ANY(${metricIds}::int4[])`.catch(log);
  if (seriesIds.length > 0) sql()`UPDATE series SET last_seen_at = now() WHERE id = ANY(${seriesIds}::int4[])`.catch(log);
  if (now - touched.purgedAt >= PURGE_EVERY_MS) {
    touched.purgedAt = now;
    // Idempotency keys answer retries for a day; event ids dedupe resends for 30 days.
    sql()`DELETE FROM ingest_requests WHERE created_at < now() - interval '1 day'`.catch(log);
    sql()`DELETE FROM event_ids WHERE created_at < now() - interval '30 days'`.catch(log);
  }
}

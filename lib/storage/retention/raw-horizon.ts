import { cachedStorageSettings } from "@/lib/storage/storage-settings";
import type { ParsedEvent, ParsedPoint, Rejection } from "@/lib/ingest/parse-items";

const DAY_MS = 86_400_000;

/**
 * The oldest instant a project still accepts raw data for: the start of the UTC day that
 * holds `now - rawDays`. An older day's partition (chunk) is dropped, or about to be, once no
 * project keeps it: a point for it would recreate the partition only to be deleted by the
 * next retention run, and on TimescaleDB it would make the continuous aggregates re-aggregate
 * a range whose other rows are gone. The day's grace keeps a sender's clock skew and the
 * demo month's first minutes inside.
 */
export function rawHorizon(rawDays: number, now: number): number {
  return Math.floor((now - rawDays * DAY_MS) / DAY_MS) * DAY_MS;
}

/**
 * Moves the points and events older than the project's raw retention to the rejections,
 * each with its field and a message that says why.
 */
export async function refuseBeyondRawRetention<T extends { points: ParsedPoint[]; events: ParsedEvent[]; rejected: Rejection[] }>(projectId: string, parsed: T, now: number): Promise<T> {
  if (parsed.points.length + parsed.events.length === 0) return parsed;
  const { rawDays } = await cachedStorageSettings(projectId, now);
  const horizon = rawHorizon(rawDays, now);
  let oldest = Infinity;
  for (const p of parsed.points) if (p.time < oldest) oldest = p.time;
  for (const e of parsed.events) if (e.time < oldest) oldest = e.time;
  if (oldest >= horizon) return parsed;
  const message = `timestamp is older than this project keeps raw data (${rawDays} days; see Settings → Storage)`;
  const rejected = [...parsed.rejected];
  const points = parsed.points.filter((p) => p.time >= horizon || !rejected.push({ index: p.index, kind: "metric", field: `metrics[${p.index}].timestamp`, message }));
  const events = parsed.events.filter((e) => e.time >= horizon || !rejected.push({ index: e.index, kind: "event", field: `events[${e.index}].timestamp`, message }));
  return { ...parsed, points, events, rejected };
}

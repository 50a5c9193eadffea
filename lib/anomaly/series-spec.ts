import type { SeriesKind } from "./detector";

// What a watched series is and how it is read: pure rules, shared by the job and the band.

export type MetricKind = "gauge" | "counter" | "distribution" | "set";
export type WatchSource = "metric" | "event";

/** Bucket sizes the job judges at: busy series each minute, slower ones at 5 minutes or hourly. */
export const BUCKETS = [60, 300, 3600] as const;
export type BucketSeconds = (typeof BUCKETS)[number];
export const INTERVAL_OF: Record<number, "1m" | "5m" | "15m" | "1h"> = { 60: "1m", 300: "5m", 900: "15m", 3600: "1h" };

/** The aggregation a series is judged by: counters by their rate, gauges by their level, distributions by p95. */
export function judgedAggregation(source: WatchSource, type: MetricKind | null): string {
  if (source === "event") return "count";
  switch (type) {
    case "counter":
      return "rate";
    case "distribution":
      return "p95";
    case "set":
      return "unique";
    default:
      return "avg";
  }
}

/** The detector's kind for a series: levels for gauges and percentiles, rates or sparse counts for counts. */
export function detectorKind(source: WatchSource, type: MetricKind | null, meanPerBucket: number | null): SeriesKind {
  if (source === "metric" && type !== "counter") return "level";
  if (source === "metric") return "rate";
  return meanPerBucket !== null && meanPerBucket >= BUSY_PER_BUCKET ? "rate" : "count";
}

/** Events per bucket from which a stream counts as busy (judged as a rate, not a sparse count). */
export const BUSY_PER_BUCKET = 10;
/** Events per bucket a stream needs at a bucket size for that size to be worth judging. */
export const MIN_EVENTS_PER_BUCKET = 2;
/** Share of buckets with data a metric needs at a bucket size. */
export const MIN_FILLED_SHARE = 0.8;

/**
 * The bucket size that fits an event stream: the finest at which a bucket usually holds a
 * couple of events (so silence shows within minutes), hourly for sparse streams.
 */
export function eventBucket(eventsPerDay: number): { bucketSeconds: BucketSeconds; meanPerBucket: number } {
  for (const b of BUCKETS) {
    const mean = (eventsPerDay * b) / 86_400;
    if (mean >= MIN_EVENTS_PER_BUCKET) return { bucketSeconds: b, meanPerBucket: mean };
  }
  return { bucketSeconds: 3600, meanPerBucket: eventsPerDay / 24 };
}

/** The bucket size that fits a metric from the share of filled 1-minute and 5-minute buckets. */
export function metricBucket(filled1m: number, filled5m: number): BucketSeconds {
  if (filled1m >= MIN_FILLED_SHARE) return 60;
  if (filled5m >= MIN_FILLED_SHARE) return 300;
  return 3600;
}

/** How long a new series' history reaches back at each bucket size (bounded warm-up). */
export const HISTORY_SECONDS: Record<number, number> = { 60: 7 * 86_400, 300: 21 * 86_400, 900: 21 * 86_400, 3600: 28 * 86_400 };

/** The canonical key of a tag set ('' for the whole metric): sorted keys, JSON. */
export function seriesKeyOf(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort();
  return keys.length === 0 ? "" : JSON.stringify(Object.fromEntries(keys.map((k) => [k, tags[k]])));
}

export function tagsOfSeriesKey(key: string): Record<string, string> {
  if (key === "") return {};
  const parsed = JSON.parse(key) as unknown;
  return parsed && typeof parsed === "object" ? (parsed as Record<string, string>) : {};
}

/** Query filters naming one tag set exactly as far as its keys go. */
export function tagFilters(tags: Record<string, string>): { key: string; op: "eq"; value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ key, op: "eq" as const, value: tags[key] }));
}

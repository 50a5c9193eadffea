import { formatNumber, formatValue as formatForPeople, unitKind } from "@/lib/format/format-value";
import type { Point, QueryRequest, SingleQuery } from "@/lib/query/model";
import { localParts, offsetMs } from "@/lib/query/zoned-time";

// How tool answers write instants, ranges, values and long series for a model to read:
// every instant ISO with its offset, every value with its unit, every series short.

/** At most this many points of one series reach a model. */
export const MAX_SUMMARY_POINTS = 50;

const toMs = (t: string | number | Date) => (t instanceof Date ? t.getTime() : typeof t === "number" ? t : Date.parse(t));

/** An ISO instant in UTC, without milliseconds when they are zero: "2026-11-23T00:00:00Z". */
export function isoUtc(t: string | number | Date): string {
  const iso = new Date(toMs(t)).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/**
 * The same instant written in a zone's wall time with its offset ("2026-11-23T00:00:00+01:00"):
 * still one exact instant, and a local midnight reads as one.
 */
export function isoInZone(t: string | number | Date, timezone: string): string {
  const ms = toMs(t);
  if (timezone === "UTC") return isoUtc(ms);
  const p = localParts(ms, timezone);
  const offsetMinutes = Math.round(offsetMs(ms, timezone) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const frac = ms % 1000 === 0 ? "" : `.${pad(((ms % 1000) + 1000) % 1000, 3)}`;
  const offset = offsetMinutes === 0 ? "Z" : `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${frac}${offset}`;
}

/** "2026-11-23T00:00:00Z – 2026-11-30T00:00:00Z (Europe/Berlin)": the end is exclusive. */
export function describeRange(from: string | number | Date, to: string | number | Date, timezone: string): string {
  return `${isoUtc(from)} – ${isoUtc(to)} (${timezone})`;
}

/**
 * A value with its unit for a model: the dashboard's formatting for the units Flux knows
 * ("1.2M", "45.3%", "$1,204", "230 ms", "1.5 GB"), any other unit written after the number
 * ("1,234 requests"), and "no data" for an empty answer.
 */
export function formatValue(value: number | null | undefined, unit?: string | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "no data";
  const u = (unit ?? "").trim();
  if (u && unitKind(u) === "number" && Number.isFinite(value)) return `${formatNumber(value)} ${u}`;
  return formatForPeople(value, unit);
}

/** One point of a summary: the bucket's start (ISO, in the answer's zone) and its value. */
export interface SummaryPoint {
  t: string;
  v: number | null;
}

export interface SeriesSummary {
  /** At most maxPoints points; when downsampled, each is the mean of `bucketsPerPoint` consecutive buckets. */
  points: SummaryPoint[];
  /** How `points` relate to the buckets: all of them, or means of consecutive runs. */
  downsampling: "none" | "mean_of_consecutive_buckets";
  bucketsPerPoint: number;
  /** Buckets in the series, and how many have a value (a gap is no value, not zero). */
  buckets: number;
  count: number;
  first: SummaryPoint | null;
  last: SummaryPoint | null;
  min: SummaryPoint | null;
  max: SummaryPoint | null;
  /** Sum and mean of the buckets that have a value (null when none has). */
  total: number | null;
  mean: number | null;
}

/**
 * A long series made short for a model: first, last, min and max buckets (exact, from every
 * bucket), their sum and mean, and at most maxPoints points. Downsampling averages runs of
 * ceil(n / maxPoints) consecutive buckets (gaps skipped; a run of gaps stays a gap) and dates
 * each point at its run's first bucket, so the shape and the per-bucket scale both survive.
 */
export function summariseSeries(points: readonly Point[], options: { maxPoints?: number; timezone?: string } = {}): SeriesSummary {
  const maxPoints = Math.max(1, Math.floor(options.maxPoints ?? MAX_SUMMARY_POINTS));
  const tz = options.timezone ?? "UTC";
  const at = ([t, v]: Point): SummaryPoint => ({ t: isoInZone(t, tz), v });
  let first: Point | null = null;
  let last: Point | null = null;
  let min: Point | null = null;
  let max: Point | null = null;
  let sum = 0;
  let count = 0;
  for (const p of points) {
    const v = p[1];
    if (v === null || !Number.isFinite(v)) continue;
    first ??= p;
    last = p;
    if (!min || v < min[1]!) min = p;
    if (!max || v > max[1]!) max = p;
    sum += v;
    count += 1;
  }
  const per = Math.max(1, Math.ceil(points.length / maxPoints));
  const summarised: SummaryPoint[] = [];
  for (let i = 0; i < points.length; i += per) {
    const run = points.slice(i, i + per);
    const values = run.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
    const v = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    summarised.push({ t: isoInZone(run[0][0], tz), v: per === 1 ? run[0][1] : v });
  }
  return {
    points: summarised,
    downsampling: per === 1 ? "none" : "mean_of_consecutive_buckets",
    bucketsPerPoint: per,
    buckets: points.length,
    count,
    first: first && at(first),
    last: last && at(last),
    min: min && at(min),
    max: max && at(max),
    total: count ? sum : null,
    mean: count ? sum / count : null,
  };
}

/** "+23%", "−4.5%", "0%", or "n/a" when the earlier value is zero or missing. */
export function formatPercent(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "n/a";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "";
  const abs = Math.abs(change);
  return `${sign}${abs >= 10 ? Math.round(abs * 10) / 10 : Math.round(abs * 100) / 100}%`;
}

/** A query in words, for titles and text: "sum of signups by country where plan eq \"pro\"", "count of event signup". */
export function queryWords(query: Pick<SingleQuery, "source" | "name" | "aggregation" | "property" | "groupBy" | "filters">): string {
  const what = query.source === "event" ? `${query.aggregation}${query.property ? ` of property ${query.property}` : ""} of event ${query.name}` : `${query.aggregation} of ${query.name}`;
  const by = query.groupBy?.length ? ` by ${query.groupBy.join(", ")}` : "";
  const where = query.filters?.length ? ` where ${query.filters.map((f) => `${f.key} ${f.op}${f.value === undefined ? "" : ` ${JSON.stringify(f.value)}`}`).join(" and ")}` : "";
  return `${what}${by}${where}`;
}

/** Any runQuery input in words: one query, several (joined), or a formula over named ones. */
export function requestWords(query: QueryRequest): string {
  if (!("queries" in query)) return queryWords(query);
  const parts = Object.entries(query.queries).map(([name, q]) => `${name} = ${queryWords(q)}`);
  return "formula" in query ? `${query.formula} where ${parts.join("; ")}` : parts.join("; ");
}
